import type { HttpMethod, PublicRateLimit } from '@citydesk/functions/manifest';

/*
 * The local stand-in for the WAF rate-based rules that CloudFront applies on AWS
 * (infra/lib/constructs/edge-firewall.ts): the same `publicRateLimits` entries of the
 * manifest, counted per client IP over the same five minutes. A sliding window of
 * request times per (rule, IP): WAF's own count is a sliding window too, so a burst
 * that WAF blocks is blocked here, and the numbers are never declared twice.
 */

/** WAF's evaluation window for the rules built from the manifest. */
export const RATE_LIMIT_WINDOW_MS = 5 * 60 * 1000;

/** The outcome of one request against the limits. */
export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; rule: PublicRateLimit; retryAfterSeconds: number };

/** Counts requests per rule and client IP; memory is bounded by the limits themselves. */
export class PublicRateLimiter {
  /** Request times (ms) per `<rule id> <ip>`, oldest first, never longer than the rule's limit. */
  private readonly windows = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(private readonly rules: readonly PublicRateLimit[]) {}

  /** Records the request when it is allowed; a refused request does not count (WAF blocks before counting it twice). */
  check(method: string, path: string, clientIp: string, now = Date.now()): RateLimitDecision {
    const rule = this.rules.find(
      (r) => r.method === (method.toUpperCase() as HttpMethod) && path.startsWith(r.pathPrefix),
    );
    if (!rule) return { allowed: true };
    this.sweep(now);
    const key = `${rule.id} ${clientIp}`;
    const times = (this.windows.get(key) ?? []).filter((t) => now - t < RATE_LIMIT_WINDOW_MS);
    if (times.length >= rule.requestsPer5Minutes) {
      this.windows.set(key, times);
      const oldest = times[0] ?? now;
      return {
        allowed: false,
        rule,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + RATE_LIMIT_WINDOW_MS - now) / 1000)),
      };
    }
    times.push(now);
    this.windows.set(key, times);
    return { allowed: true };
  }

  /** Drops idle clients once a window, so a scan from many addresses cannot grow the map forever. */
  private sweep(now: number) {
    if (now - this.lastSweep < RATE_LIMIT_WINDOW_MS) return;
    this.lastSweep = now;
    for (const [key, times] of this.windows) {
      if (times.every((t) => now - t >= RATE_LIMIT_WINDOW_MS)) this.windows.delete(key);
    }
  }
}
