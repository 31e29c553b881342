import { createServer } from 'node:net';

/*
 * Port policy. `fixed` gives `npm start` stable URLs (bookmarks, .data/endpoints.json,
 * the cognito issuer baked into stored tokens), each overridable by an env var.
 * `random` asks the kernel for free loopback ports so parallel test files never clash.
 */

/** The five listeners of a local cloud. */
export type LocalService = 'gateway' | 'dynamodb' | 'fauxqs' | 's3' | 'cognito';

/** Default port and the environment variable overriding it, per service. */
export const fixedPorts: Record<LocalService, { port: number; envVar: string }> = {
  gateway: { port: 3000, envVar: 'CITYDESK_PORT' },
  dynamodb: { port: 8000, envVar: 'DYNAMODB_PORT' },
  fauxqs: { port: 4577, envVar: 'FAUXQS_PORT' },
  /** The S3 gateway in front of fauxqs (CORS, POST policies, tagging): the endpoint browsers see. */
  s3: { port: 4578, envVar: 'S3_PORT' },
  cognito: { port: 9229, envVar: 'COGNITO_PORT' },
};

/** Thrown when a fixed port is taken; the message names the port and its override variable. */
export class PortInUseError extends Error {
  constructor(service: LocalService, port: number) {
    const { envVar } = fixedPorts[service];
    super(
      `port ${port} (${service}) is already in use on 127.0.0.1. Stop whatever holds it ` +
        `(is another \`npm start\` running? try \`ss -ltnp | grep :${port}\`) or choose another port: ${envVar}=<port> npm start`,
    );
    this.name = 'PortInUseError';
  }
}

/** Tries to bind 127.0.0.1:port; resolves the bound port (useful with 0) or rejects with the bind error. */
function probe(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** Resolves the port of each service: env override or default (checked free), or a random free port. */
export async function allocatePorts(mode: 'fixed' | 'random'): Promise<Record<LocalService, number>> {
  const result = {} as Record<LocalService, number>;
  const taken = new Set<number>();
  for (const service of Object.keys(fixedPorts) as LocalService[]) {
    if (mode === 'random') {
      let port = await probe(0);
      // The kernel may hand out the same ephemeral port twice once the probe closed.
      while (taken.has(port)) port = await probe(0);
      result[service] = port;
    } else {
      const { port: fallback, envVar } = fixedPorts[service];
      const raw = process.env[envVar];
      const port = raw ? Number(raw) : fallback;
      if (!Number.isInteger(port) || port <= 0 || port > 65535) {
        throw new Error(`${envVar}=${raw} is not a valid TCP port`);
      }
      try {
        await probe(port);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(service, port);
        throw error;
      }
      result[service] = port;
    }
    taken.add(result[service]);
  }
  return result;
}

/**
 * Polls `check` until it resolves true, failing with a clear message after `timeoutMs`
 * or as soon as `failed()` reports the process died.
 */
export async function waitUntilReady(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; failed?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    const death = options.failed?.();
    if (death) throw new Error(`${what} exited before it became ready:\n${death}`);
    try {
      if (await check()) return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not become ready within ${Math.round(options.timeoutMs / 1000)} s${lastError ? ` (last error: ${lastError})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** True if an HTTP request to `url` gets any response at all (the listener is up). */
export async function answersHttp(url: string, init?: RequestInit): Promise<boolean> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
  await response.body?.cancel();
  return true;
}
