import { createHash, createHmac, randomBytes } from 'node:crypto';

/*
 * Survey tokens (docs/domain/surveys.md). The token in a citizen's link is
 * HMAC-SHA256(key, caseId + a 128-bit random nonce), 256 bits as base64url (43
 * characters). The table keeps only the nonce and the token's SHA-256: reading the
 * table (a backup, a stream consumer) never yields a working link, yet the
 * notification worker, which holds the key, can render the link from the record
 * when it sends, so the send goes through the transactional outbox and its
 * exactly-once delivery like every other message, with no raw token in any item or
 * queue message.
 */

/** A fresh random nonce for one survey: 16 bytes, base64url. */
export function newSurveyNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** The token of a survey, from the deployment's key, the case and the survey's nonce. */
export function deriveSurveyToken(key: string, caseId: string, nonce: string): string {
  return createHmac('sha256', key).update(`citydesk-survey-token:v1:${caseId}:${nonce}`).digest('base64url');
}

/** What the table indexes a token by. */
export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
