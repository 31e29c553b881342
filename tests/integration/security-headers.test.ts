import { httpRoutes } from '@citydesk/functions/manifest';
import { describe, expect, it } from 'vitest';
import {
  API_CONTENT_SECURITY_POLICY,
  portalContentSecurityPolicy,
} from '../../infra/lib/constructs/portal-distribution.ts';
import { apiUrl } from '../support/api-client.ts';

/*
 * Security headers on every answer, and no CORS for strangers (issue 11). In
 * production CloudFront's response headers policies add the headers
 * (infra/lib/constructs/portal-distribution.ts); the local gateway sends the same
 * set, so every route of the manifest and the portal pages are checked here against
 * the values infra deploys. The HTTP API's CORS configuration itself is asserted
 * in tests/infra/constructs.test.ts (none without a cross-origin portal).
 */

/** Two years, as infra's HSTS (Duration.days(730)) with subdomains and preload. */
const HSTS = 'max-age=63072000; includeSubDomains; preload';

function expectApiHeaders(res: Response, what: string) {
  const h = res.headers;
  expect(h.get('content-security-policy'), what).toBe(API_CONTENT_SECURITY_POLICY);
  expect(h.get('strict-transport-security'), what).toBe(HSTS);
  expect(h.get('x-frame-options'), what).toBe('DENY');
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('referrer-policy'), what).toBe('no-referrer');
  expect(h.get('access-control-allow-origin'), what).toBeNull();
}

const samplePath = (path: string) => path.replace(/\{[^}]+\}/g, '482739150266');

describe('security headers', () => {
  it.each(httpRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s answers with the API security headers',
    async (name, route) => {
      const res = await fetch(apiUrl(samplePath(route.path)), {
        method: route.method,
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        ...(route.method === 'GET' ? {} : { body: '{}' }),
      });
      await res.arrayBuffer();
      expect(res.status, name).toBeLessThan(500);
      expectApiHeaders(res, name);
    },
  );

  it('API refusals the gateway makes itself (unknown route, oversized headers) carry them too', async () => {
    const unknown = await fetch(apiUrl('/v1/no-such-route'));
    expect(unknown.status).toBe(404);
    expectApiHeaders(unknown, 'unknown route');
    const huge = await fetch(apiUrl('/v1/public/catalog'), { headers: { 'x-padding': 'a'.repeat(20_000) } });
    expect(huge.status).toBe(431);
    expect(huge.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await huge.json()) as { status: number }).status).toBe(431);
    expectApiHeaders(huge, 'oversized headers');
  });

  it.each([
    '/',
    '/takip',
    '/basvuru',
    '/giris',
    '/kvkk',
    '/en/',
    '/en/takip',
    '/panel',
    '/panel/basvuru?id=x',
  ])(
    'portal page %s carries the portal policy: CSP, HSTS, no framing, no sniffing, referrer and permissions',
    async (page) => {
      const res = await fetch(apiUrl(page));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      await res.text();
      // Production's policy with the local emulators as the origins the portal calls, minus
      // upgrade-insecure-requests, which a plain-HTTP local portal cannot honour.
      const deployed = portalContentSecurityPolicy(['http://127.0.0.1:*'])
        .split('; ')
        .filter((d) => d !== 'upgrade-insecure-requests')
        .map((d) => d.replace(/\s+/g, ' ').trim());
      const local = (res.headers.get('content-security-policy') ?? '').split('; ');
      expect(local).toEqual(deployed);
      expect(local).toContain("frame-ancestors 'none'");
      expect(local).toContain("object-src 'none'");
      expect(res.headers.get('strict-transport-security')).toBe(HSTS);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('permissions-policy')).toBe('geolocation=(self), camera=(), microphone=()');
    },
  );
});

describe('CORS', () => {
  it.each(['/v1/public/cases', '/v1/staff/cases', '/v1/public/track/482739150266', '/v1/admin/users'])(
    'a cross-origin preflight to %s from an unknown origin gets no Access-Control-Allow-Origin',
    async (path) => {
      const res = await fetch(apiUrl(path), {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      await res.arrayBuffer();
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
      expect(res.headers.get('access-control-allow-methods')).toBeNull();
    },
  );

  it('a cross-origin read from an unknown origin is answered without CORS headers, so the browser withholds it', async () => {
    const res = await fetch(apiUrl('/v1/public/catalog'), { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
