import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalEndpoints } from '@citydesk/local-cloud';

/*
 * The fault suite's HTTP client: a citizen's app or a console that does what a
 * careful client does while the back end has faults: each request gets a deadline,
 * and a 5xx, a 429, a timeout or a refused connection is retried with backoff. The
 * caller makes retries safe (the same Idempotency-Key for a filing; a re-read of the
 * case before a workflow step is repeated).
 */

export interface HttpResult {
  /** 0: no answer (refused, reset or timed out). */
  status: number;
  json: Record<string, unknown>;
}

/** What the client saw, for the report. */
export interface ClientStats {
  requests: number;
  retries: number;
  serverErrors: number;
  noAnswer: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Worth retrying: the server may answer differently later. */
export const transient = (status: number) => status === 0 || status === 429 || status >= 500;

/** Told of every answer (the soak's latency record). */
export type ResponseObserver = (answer: { method: string; path: string; status: number; ms: number }) => void;

export class ScriptedClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, serverErrors: 0, noAnswer: 0 };
  readonly #endpoints: LocalEndpoints;
  readonly #tokens = new Map<string, Promise<string>>();
  readonly #idp: CognitoIdentityProviderClient;
  readonly #observe: ResponseObserver | undefined;

  constructor(endpoints: LocalEndpoints, observe?: ResponseObserver) {
    this.#endpoints = endpoints;
    this.#observe = observe;
    this.#idp = new CognitoIdentityProviderClient({
      endpoint: endpoints.cognitoEndpoint,
      region: endpoints.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  /** A demo user's ID token, fetched once (cognito-local is not a fault target). */
  token(username: string): Promise<string> {
    let token = this.#tokens.get(username);
    if (!token) {
      const user = this.#endpoints.demoUsers.find((u) => u.username === username);
      if (!user) throw new Error(`no demo user ${username}`);
      token = this.#idp
        .send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: this.#endpoints.userPoolClientId,
            AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
          }),
        )
        .then((r) => {
          const id = r.AuthenticationResult?.IdToken;
          if (!id) throw new Error(`no token for ${username}`);
          return id;
        });
      token.catch(() => this.#tokens.delete(username));
      this.#tokens.set(username, token);
    }
    return token;
  }

  /** One attempt. */
  async once(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<HttpResult> {
    this.stats.requests++;
    const sent = performance.now();
    const observed = (status: number) =>
      this.#observe?.({ method, path, status, ms: performance.now() - sent });
    try {
      const res = await fetch(new URL(path, this.#endpoints.apiUrl), {
        method,
        headers: {
          'accept-language': 'en',
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        json = { raw: text.slice(0, 200) };
      }
      if (res.status >= 500) this.stats.serverErrors++;
      observed(res.status);
      return { status: res.status, json };
    } catch {
      this.stats.noAnswer++;
      observed(0);
      return { status: 0, json: {} };
    }
  }

  /** Repeats the request while the answer is transient, until `deadlineMs` from now. */
  async retrying(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; deadlineMs?: number } = {},
  ): Promise<HttpResult> {
    const deadline = Date.now() + (options.deadlineMs ?? 10 * 60_000);
    for (let attempt = 0; ; attempt++) {
      const result = await this.once(method, path, options);
      if (!transient(result.status) || Date.now() > deadline) return result;
      this.stats.retries++;
      await sleep(Math.min(3000, 200 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }

  /** Headers of a signed-in demo user. */
  async as(username: string): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token(username)}` };
  }

  close(): void {
    this.#idp.destroy();
  }
}
