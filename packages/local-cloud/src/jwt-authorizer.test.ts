import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createJwtAuthorizer, JwtAuthorizationError, type JwtAuthorizer } from './jwt-authorizer.ts';

const issuer = 'http://127.0.0.1:9229/local_test';
const clientId = 'portal-client';

let authorize: JwtAuthorizer;
let sign: (
  claims: Record<string, unknown>,
  options?: { expiresIn?: string | number; iss?: string },
) => Promise<string>;
let signWithStranger: (claims: Record<string, unknown>) => Promise<string>;

beforeAll(async () => {
  const pool = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(pool.publicKey)), kid: 'pool-key', alg: 'RS256', use: 'sig' };
  authorize = createJwtAuthorizer({ issuer, audience: [clientId], jwks: createLocalJWKSet({ keys: [jwk] }) });
  sign = (claims, options = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'pool-key' })
      .setIssuer(options.iss ?? issuer)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(pool.privateKey);
  signWithStranger = (claims) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'pool-key' })
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(stranger.privateKey);
});

const accessClaims = {
  sub: 'user-1',
  client_id: clientId,
  token_use: 'access',
  scope: 'aws.cognito.signin.user.admin',
  'cognito:groups': ['agent', 'staff'],
  username: 'karesi.staff',
};

async function refusal(header: string | undefined): Promise<string> {
  try {
    await authorize(header);
  } catch (error) {
    expect(error).toBeInstanceOf(JwtAuthorizationError);
    return (error as Error).message;
  }
  throw new Error('the token was accepted');
}

describe('createJwtAuthorizer', () => {
  it('accepts a Cognito access token by client_id and stringifies its claims', async () => {
    const result = await authorize(`Bearer ${await sign(accessClaims)}`);
    expect(result.claims['cognito:groups']).toBe('[agent staff]');
    expect(result.claims.client_id).toBe(clientId);
    expect(result.claims.iss).toBe(issuer);
    expect(typeof result.claims.exp).toBe('string');
    expect(result.scopes).toEqual(['aws.cognito.signin.user.admin']);
  });

  it('accepts an ID token by aud, without the Bearer prefix', async () => {
    const token = await sign({ sub: 'user-1', aud: clientId, token_use: 'id', 'custom:tenant_id': 'baski' });
    const result = await authorize(token);
    expect(result.claims['custom:tenant_id']).toBe('baski');
    expect(result.scopes).toBeNull();
  });

  it('refuses a missing token', async () => {
    expect(await refusal(undefined)).toMatch(/missing/);
    expect(await refusal('Bearer ')).toMatch(/missing/);
  });

  it('refuses garbage and a forged signature', async () => {
    expect(await refusal('Bearer not.a.jwt')).toMatch(/malformed|rejected|verified/);
    expect(await refusal(`Bearer ${await signWithStranger(accessClaims)}`)).toMatch(/signature/);
  });

  it('refuses a token of another issuer', async () => {
    expect(
      await refusal(`Bearer ${await sign(accessClaims, { iss: 'http://127.0.0.1:9229/local_other' })}`),
    ).toMatch(/issuer/);
  });

  it('refuses a token for another client, by aud or by client_id', async () => {
    expect(await refusal(`Bearer ${await sign({ ...accessClaims, client_id: 'other' })}`)).toMatch(
      /client_id/,
    );
    expect(await refusal(`Bearer ${await sign({ sub: 'u', aud: 'other' })}`)).toMatch(/audience/);
  });

  it('refuses an expired token', async () => {
    const expired = await sign(accessClaims, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect(await refusal(`Bearer ${expired}`)).toMatch(/expired/);
  });

  it('enforces route scopes when a route declares them', async () => {
    const token = `Bearer ${await sign(accessClaims)}`;
    await expect(authorize(token, ['citydesk/cases.write'])).rejects.toThrow(/scope/);
    await expect(authorize(token, ['aws.cognito.signin.user.admin'])).resolves.toBeTruthy();
  });
});
