import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type LocalCloud, type LocalEndpoints, startLocalCloud } from '@citydesk/local-cloud';

/*
 * The benchmark's own local cloud: the launcher the test suites use, in memory on
 * random free ports (so it never collides with a test run or `npm start`), with the
 * SDK accounting of packages/local-cloud switched on (consumed capacity, SQS requests,
 * invocations). Handlers run in this process and log JSON lines: those are counted
 * (CloudWatch Logs ingestion is billed per byte) and kept off the terminal.
 */

/** Bytes of handler log lines written since start (what CloudWatch Logs would ingest). */
export const handlerLogBytes = { total: 0 };

export interface BenchCloud {
  cloud: LocalCloud;
  endpoints: LocalEndpoints;
  /** An ID token of a demo user (cached). */
  token(username: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchCloud(
  log: (line: string) => void,
  options: { sdkAccounting?: boolean } = {},
): Promise<BenchCloud> {
  // The soak runs without the accounting middleware: it measures the product, not its costs.
  if (options.sdkAccounting ?? true) process.env.CITYDESK_SDK_ACCOUNTING = '1';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
  // Powertools writes warnings and errors to stderr, the rest to stdout: count both.
  const restore = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (text.startsWith('{"level"') || text.startsWith('{"cold_start"')) {
        handlerLogBytes.total += Buffer.byteLength(text);
        return true;
      }
      return original(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  });
  const cloud = await startLocalCloud({
    ports: 'random',
    seed: true,
    log: (line) => log(`  [local-cloud] ${line}`),
  });
  const idp = new CognitoIdentityProviderClient({
    endpoint: cloud.endpoints.cognitoEndpoint,
    region: cloud.endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tokens = new Map<string, string>();
  return {
    cloud,
    endpoints: cloud.endpoints,
    async token(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const user = cloud.endpoints.demoUsers.find((u) => u.username === username);
      if (!user) throw new Error(`no demo user ${username}`);
      const { AuthenticationResult } = await idp.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: cloud.endpoints.userPoolClientId,
          AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
        }),
      );
      const token = AuthenticationResult?.IdToken;
      if (!token) throw new Error(`no token for ${username}`);
      tokens.set(username, token);
      return token;
    },
    async stop() {
      idp.destroy();
      await cloud.stop();
      for (const undo of restore) undo();
    },
  };
}
