import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Checks of inbound webhooks' credentials, all in constant time: Meta's
 * `X-Hub-Signature-256: sha256=<hex>` (HMAC-SHA256 of the raw body with the app
 * secret), the same format for the social-media relay, and a shared token for SMS
 * providers that cannot sign (Netgsm posts a plain form).
 */

function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Compares a presented token with the configured one without leaking where they differ. */
export function tokensEqual(presented: string, expected: string): boolean {
  // Hash both first: equal lengths for timingSafeEqual whatever was presented.
  const h = (s: string) => createHmac('sha256', 'token-compare').update(s).digest();
  return expected.length > 0 && equalBytes(h(presented), h(expected));
}

/** `sha256=<hex>` of the raw body, as Meta signs webhook deliveries. */
export function hubSignature(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Verifies an `X-Hub-Signature-256` header over the exact bytes received. */
export function verifyHubSignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !secret) return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return equalBytes(Buffer.from(match[1].toLowerCase(), 'hex'), expected);
}
