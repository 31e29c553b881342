import { httpRoutes } from '@citydesk/functions/manifest';
import { expect } from 'vitest';
import { apiUrl } from '../support/api-client.ts';

/** API Gateway HTTP API's request payload limit, which the local gateway enforces too. */
export const GATEWAY_LIMIT_BYTES = 10 * 1024 * 1024;

/** Routes that take a JSON body (and no path parameter, so the body is what is judged). */
export const bodyRoutes = httpRoutes.filter(
  (r) =>
    (r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH') && !r.path.startsWith('/open311/'),
);

/** A JSON document of exactly `bytes` bytes: one long string field of Turkish letters. */
function jsonOf(bytes: number): Buffer {
  const frame = Buffer.byteLength('{"description":""}');
  const text = 'ı'.repeat(Math.floor((bytes - frame) / 2)) + 'a'.repeat((bytes - frame) % 2);
  const body = Buffer.from(`{"description":"${text}"}`);
  if (body.length !== bytes) throw new Error(`built ${body.length} bytes, wanted ${bytes}`);
  return body;
}

/**
 * A body of exactly the gateway's limit reaches the handler, which refuses it (413
 * problem+json in the caller's language, nothing parsed); one byte more is refused by
 * the gateway itself with 413. Neither is ever a 5xx.
 */
export async function expectPayloadBoundaries(
  route: (typeof httpRoutes)[number],
  headers: Record<string, string>,
): Promise<void> {
  const path = route.path.replace(/\{[^}]+\}/g, '482739150266');
  for (const [bytes, lang] of [
    [GATEWAY_LIMIT_BYTES, 'en'],
    [GATEWAY_LIMIT_BYTES + 1, 'tr'],
  ] as const) {
    const res = await fetch(apiUrl(path), {
      method: route.method,
      headers: { 'content-type': 'application/json', 'accept-language': lang, ...headers },
      body: jsonOf(bytes),
    });
    const text = await res.text();
    const what = `${route.method} ${route.path} with ${bytes} bytes`;
    expect(res.status, `${what}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(res.status, what).toBeLessThan(500);
    expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
    if (bytes > GATEWAY_LIMIT_BYTES) expect(res.status, what).toBe(413);
  }
}
