import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaHandler } from './handler-loader.ts';
import { createJwtAuthorizer } from './jwt-authorizer.ts';
import { type LocalGateway, maxPayloadBytes, startLocalGateway } from './local-gateway.ts';

/*
 * The gateway over real sockets, with handlers of our own instead of the
 * manifest's, so these tests need no emulator.
 */

const issuer = 'http://127.0.0.1:1/local_gw';
const seen: unknown[] = [];
let gateway: LocalGateway;
let token: string;

const echo: LambdaHandler = async (event, context) => {
  seen.push(event);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    cookies: ['session=1; HttpOnly', 'theme=dark'],
    body: JSON.stringify({ requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis() }),
  };
};

beforeAll(async () => {
  const keys = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256' };
  token = await new SignJWT({ client_id: 'client-1', 'cognito:groups': ['coordinator'], sub: 's1' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(keys.privateKey);
  const common = { auth: 'none' as const, memoryMb: 128, timeoutSeconds: 3 };
  const webRoot = mkdtempSync(join(tmpdir(), 'citydesk-gw-web-'));
  mkdirSync(join(webRoot, '_app', 'immutable'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Kent Masası</title>');
  writeFileSync(join(webRoot, '200.html'), '<!doctype html><title>shell</title>');
  writeFileSync(join(webRoot, '_app', 'immutable', 'start.abc.js'), 'export {};');
  gateway = await startLocalGateway({
    port: 0,
    webRoot,
    region: 'eu-central-1',
    log: () => {},
    authorizer: createJwtAuthorizer({
      issuer,
      audience: ['client-1'],
      jwks: createLocalJWKSet({ keys: [jwk] }),
    }),
    routes: [
      { ...common, id: 'Echo', method: 'POST', path: '/v1/echo/{id}', handler: echo },
      { ...common, id: 'Secure', method: 'GET', path: '/v1/secure', auth: 'jwt', handler: echo },
      {
        ...common,
        id: 'Crash',
        method: 'GET',
        path: '/v1/crash',
        handler: async () => {
          throw new Error('boom');
        },
      },
      {
        ...common,
        id: 'Image',
        method: 'GET',
        path: '/v1/image',
        handler: async () => ({
          statusCode: 200,
          headers: { 'content-type': 'image/png' },
          body: Buffer.from([0, 1, 254, 255]).toString('base64'),
          isBase64Encoded: true,
        }),
      },
    ],
  });
});

afterAll(async () => {
  await gateway.close();
});

describe('local gateway', () => {
  it('invokes the handler with a payload 2.0 event and writes its result with cookies', async () => {
    const response = await fetch(`${gateway.url}/v1/echo/a%20b?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'c=3' },
      body: '{"hello":"dünya"}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual(['session=1; HttpOnly', 'theme=dark']);
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    const body = (await response.json()) as { requestId: string; remaining: number };
    expect(body.remaining).toBeGreaterThan(0);
    expect(body.remaining).toBeLessThanOrEqual(3000);
    const event = seen.at(-1) as Record<string, unknown> & { requestContext: { requestId: string } };
    expect(event).toMatchObject({
      routeKey: 'POST /v1/echo/{id}',
      pathParameters: { id: 'a b' },
      queryStringParameters: { x: '1' },
      cookies: ['c=3'],
      body: '{"hello":"dünya"}',
      isBase64Encoded: false,
    });
    expect(event.requestContext.requestId).toBe(body.requestId);
  });

  it('answers unknown API routes with 404 problem+json', async () => {
    const response = await fetch(`${gateway.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found' });
    expect((await fetch(`${gateway.url}/v1/echo/1`)).status).toBe(404);
  });

  it('turns a handler crash into 500 problem+json', async () => {
    const response = await fetch(`${gateway.url}/v1/crash`);
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.stringify(await response.json())).not.toContain('boom');
  });

  it('decodes base64 results into binary bodies', async () => {
    const response = await fetch(`${gateway.url}/v1/image`);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 1, 254, 255]);
  });

  it('refuses bodies over 10 MB with 413 before invoking the handler', async () => {
    const before = seen.length;
    const response = await fetch(`${gateway.url}/v1/echo/big`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(maxPayloadBytes + 1),
    });
    expect(response.status).toBe(413);
    expect(seen.length).toBe(before);
  });

  it('runs the JWT authorizer before the handler', async () => {
    const before = seen.length;
    const refused = await fetch(`${gateway.url}/v1/secure`, { headers: { authorization: 'Bearer nope' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect((await fetch(`${gateway.url}/v1/secure`)).status).toBe(401);
    expect(seen.length).toBe(before);

    const accepted = await fetch(`${gateway.url}/v1/secure`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(accepted.status).toBe(200);
    const event = seen.at(-1) as {
      requestContext: { authorizer: { jwt: { claims: Record<string, string> } } };
    };
    expect(event.requestContext.authorizer.jwt.claims['cognito:groups']).toBe('[coordinator]');
  });

  it('serves the portal on the same origin with SPA fallback and cache headers', async () => {
    const home = await fetch(`${gateway.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.headers.get('cache-control')).toBe('no-cache');
    expect(await home.text()).toContain('Kent Masası');

    const asset = await fetch(`${gateway.url}/_app/immutable/start.abc.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');

    const deepLink = await fetch(`${gateway.url}/staff/cases/42`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('shell');

    expect((await fetch(`${gateway.url}/_app/immutable/missing.js`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    const api = await fetch(`${gateway.url}/v1/not-a-page`);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('public rate limits', () => {
  it('answers 429 problem+json with Retry-After once an address passes the limit, before the handler runs', async () => {
    let calls = 0;
    const limited = await startLocalGateway({
      port: 0,
      region: 'eu-central-1',
      log: () => {},
      rateLimits: [{ id: 'Intake', method: 'POST', pathPrefix: '/v1/public/', requestsPer5Minutes: 2 }],
      routes: [
        {
          id: 'Intake',
          method: 'POST',
          path: '/v1/public/cases',
          auth: 'none',
          memoryMb: 128,
          timeoutSeconds: 3,
          handler: async () => {
            calls++;
            return { statusCode: 201, body: '{}' };
          },
        },
      ],
    });
    try {
      const post = () => fetch(`${limited.url}/v1/public/cases`, { method: 'POST', body: '{}' });
      expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(201);
      const refused = await post();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(calls).toBe(2);
    } finally {
      await limited.close();
    }
  });
});
