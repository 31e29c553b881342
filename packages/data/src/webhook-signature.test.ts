import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhookBody, verifyWebhookSignature } from './webhook-signature.ts';

describe('webhook signatures', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: 'evt_1', type: 'case.created' });
  const now = new Date('2026-11-20T10:00:00Z');

  it('is HMAC-SHA256 over "t.body" in hex, Stripe-style', () => {
    const header = signWebhookBody(secret, body, now);
    const t = Math.floor(now.getTime() / 1000);
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies with the right secret and body only', () => {
    const header = signWebhookBody(secret, body, now);
    expect(verifyWebhookSignature(secret, body, header, { now })).toBe(true);
    expect(verifyWebhookSignature(newWebhookSecret(), body, header, { now })).toBe(false);
    expect(verifyWebhookSignature(secret, `${body} `, header, { now })).toBe(false);
  });

  it('rejects a replay outside the timestamp tolerance', () => {
    const header = signWebhookBody(secret, body, now);
    const later = new Date(now.getTime() + 6 * 60_000);
    expect(verifyWebhookSignature(secret, body, header, { now: later })).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, { now: later, toleranceSeconds: 600 })).toBe(true);
  });

  it('makes recognisable, distinct 256-bit secrets', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(newWebhookSecret());
  });
});
