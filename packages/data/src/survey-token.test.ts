import { SurveyToken } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import { deriveSurveyToken, hashSurveyToken, newSurveyNonce } from './survey-token.ts';

const KEY = 'k'.repeat(48);

describe('survey tokens', () => {
  it('are 256-bit, URL-safe, and match the domain’s token format', () => {
    const token = deriveSurveyToken(KEY, 'case-1', newSurveyNonce());
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(SurveyToken.safeParse(token).success).toBe(true);
  });
  it('are reproducible from key, case and nonce, and differ when any of them does', () => {
    const nonce = newSurveyNonce();
    const token = deriveSurveyToken(KEY, 'case-1', nonce);
    expect(deriveSurveyToken(KEY, 'case-1', nonce)).toBe(token);
    expect(deriveSurveyToken(KEY, 'case-2', nonce)).not.toBe(token);
    expect(deriveSurveyToken(KEY, 'case-1', newSurveyNonce())).not.toBe(token);
    expect(deriveSurveyToken(`${KEY}x`, 'case-1', nonce)).not.toBe(token);
  });
  it('nonces carry 128 random bits and do not repeat', () => {
    const nonces = new Set(Array.from({ length: 1000 }, newSurveyNonce));
    expect(nonces.size).toBe(1000);
    expect(Buffer.from([...nonces][0] ?? '', 'base64url')).toHaveLength(16);
  });
  it('are stored only as a SHA-256 hex hash', () => {
    const token = deriveSurveyToken(KEY, 'case-1', newSurveyNonce());
    const hash = hashSurveyToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashSurveyToken(token)).toBe(hash);
  });
});
