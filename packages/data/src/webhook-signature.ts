import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  formatWebhookSignature,
  parseWebhookSignature,
  WEBHOOK_SIGNATURE_TOLERANCE_SECONDS,
  webhookSigningInput,
} from '@citydesk/domain';

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: 256 random bits, prefixed so secret scanners recognise a leaked one. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The `X-CityDesk-Signature` value for a body sent at `now`. */
export function signWebhookBody(secret: string, body: string, now = new Date()): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  const digest = createHmac('sha256', secret).update(webhookSigningInput(timestamp, body)).digest('hex');
  return formatWebhookSignature(timestamp, digest);
}

/**
 * What a receiver does with a delivery (our tests and the documentation's example):
 * recompute the HMAC over `t.body`, compare in constant time, and reject timestamps
 * outside the tolerance so that a captured request cannot be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  const parsed = parseWebhookSignature(header);
  if (!parsed) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - parsed.timestamp) > (options.toleranceSeconds ?? WEBHOOK_SIGNATURE_TOLERANCE_SECONDS))
    return false;
  const expected = Buffer.from(
    createHmac('sha256', secret).update(webhookSigningInput(parsed.timestamp, body)).digest('hex'),
  );
  return parsed.signatures.some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
