import { createHmac } from 'node:crypto';

/**
 * Keyed hash of a personal identifier (E.164 phone number) for the citizen-history
 * index. A keyed HMAC, not a plain hash: phone numbers are a small space that a plain
 * SHA-256 would let anyone with table access reverse by enumeration.
 */
export function createPiiHasher(secret: string): (value: string) => string {
  if (secret.length < 32) throw new Error('PII_HMAC_KEY must be at least 32 characters');
  return (value) => createHmac('sha256', secret).update(value).digest('base64url');
}
