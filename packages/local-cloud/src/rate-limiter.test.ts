import { publicRateLimits } from '@citydesk/functions/manifest';
import { describe, expect, it } from 'vitest';
import { PublicRateLimiter, RATE_LIMIT_WINDOW_MS } from './rate-limiter.ts';

const rules = [
  { id: 'Intake', method: 'POST', pathPrefix: '/v1/public/cases', requestsPer5Minutes: 3 },
] as const;

describe('PublicRateLimiter', () => {
  it('allows the limit per IP in five minutes, then refuses with the time until the oldest request leaves', () => {
    const limiter = new PublicRateLimiter(rules);
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++)
      expect(limiter.check('POST', '/v1/public/cases', '10.0.0.1', t0 + i).allowed).toBe(true);
    const refused = limiter.check('POST', '/v1/public/cases', '10.0.0.1', t0 + 10_000);
    expect(refused).toMatchObject({ allowed: false, rule: { id: 'Intake' } });
    expect(refused.allowed ? 0 : refused.retryAfterSeconds).toBe(290);
    // Another address has its own count; other paths and methods are not limited.
    expect(limiter.check('POST', '/v1/public/cases', '10.0.0.2', t0 + 10_000).allowed).toBe(true);
    expect(limiter.check('GET', '/v1/public/cases', '10.0.0.1', t0 + 10_000).allowed).toBe(true);
    expect(limiter.check('POST', '/v1/staff/cases', '10.0.0.1', t0 + 10_000).allowed).toBe(true);
    // The window slides: once the first request is five minutes old, one more fits.
    expect(limiter.check('POST', '/v1/public/cases', '10.0.0.1', t0 + RATE_LIMIT_WINDOW_MS).allowed).toBe(
      true,
    );
    expect(limiter.check('POST', '/v1/public/cases', '10.0.0.1', t0 + RATE_LIMIT_WINDOW_MS).allowed).toBe(
      false,
    );
  });

  it('refused requests do not extend the block', () => {
    const limiter = new PublicRateLimiter(rules);
    for (let i = 0; i < 3; i++) limiter.check('POST', '/v1/public/cases', 'a', i);
    for (let i = 0; i < 50; i++) limiter.check('POST', '/v1/public/cases', 'a', 1000 + i);
    expect(limiter.check('POST', '/v1/public/cases', 'a', RATE_LIMIT_WINDOW_MS + 3).allowed).toBe(true);
  });

  it('serves the manifest’s limits, the same numbers WAF is built from', () => {
    const limiter = new PublicRateLimiter(publicRateLimits);
    const tracking = publicRateLimits.find((r) => r.id === 'PublicTracking');
    expect(tracking).toBeDefined();
    const limit = tracking?.requestsPer5Minutes ?? 0;
    for (let i = 0; i < limit; i++)
      expect(limiter.check('GET', '/v1/public/track/123', 'ip', i).allowed).toBe(true);
    expect(limiter.check('GET', '/v1/public/track/999', 'ip', limit).allowed).toBe(false);
  });
});
