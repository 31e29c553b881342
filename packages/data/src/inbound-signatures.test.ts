import { describe, expect, it } from 'vitest';
import { hubSignature, tokensEqual, verifyHubSignature } from './inbound-signatures.ts';

describe('X-Hub-Signature-256', () => {
  const secret = 'app-secret';
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

  it('accepts the HMAC-SHA256 of the exact bytes', () => {
    expect(verifyHubSignature(secret, body, hubSignature(secret, body))).toBe(true);
    // Meta sends lower-case hex; upper case is the same digest.
    expect(
      verifyHubSignature(secret, body, hubSignature(secret, body).toUpperCase().replace('SHA256', 'sha256')),
    ).toBe(true);
  });

  it('refuses another secret, another body, a re-serialised body and malformed headers', () => {
    const good = hubSignature(secret, body);
    expect(verifyHubSignature('other', body, good)).toBe(false);
    expect(verifyHubSignature(secret, Buffer.from(`${body.toString()} `), good)).toBe(false);
    expect(
      verifyHubSignature(secret, Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2)), good),
    ).toBe(false);
    expect(verifyHubSignature(secret, body, undefined)).toBe(false);
    expect(verifyHubSignature(secret, body, good.replace('sha256=', 'sha1='))).toBe(false);
    expect(verifyHubSignature(secret, body, `${good}00`)).toBe(false);
    expect(verifyHubSignature('', body, hubSignature('', body))).toBe(false);
  });
});

describe('shared tokens', () => {
  it('compares whole values only', () => {
    expect(tokensEqual('s3cret-token', 's3cret-token')).toBe(true);
    expect(tokensEqual('s3cret-toke', 's3cret-token')).toBe(false);
    expect(tokensEqual('', 's3cret-token')).toBe(false);
    expect(tokensEqual('', '')).toBe(false);
  });
});
