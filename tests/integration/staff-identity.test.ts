import {
  CognitoIdentityProviderClient,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, inject, it } from 'vitest';
import { getJson } from '../support/api-client.ts';
import { signIn } from '../support/staff-session.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('staff identity', () => {
  it('publishes the sign-in configuration the portal needs', async () => {
    const e = inject('endpoints');
    const res = await getJson('/v1/public/auth-config');
    expect(res.json).toEqual({
      userPoolId: e.userPoolId,
      clientId: e.userPoolClientId,
      region: e.region,
      endpoint: e.cognitoEndpoint,
      authFlow: 'USER_PASSWORD_AUTH',
    });
  });

  it.each([
    [
      'karesi.staff',
      {
        tenantId: 'balikesir-karesi',
        tenantName: 'Karesi Belediyesi',
        tenantType: 'district',
        roles: ['staff'],
      },
    ],
    [
      'altieylul.supervisor',
      { tenantId: 'balikesir-altieylul', tenantType: 'district', roles: ['supervisor'] },
    ],
    ['baski.manager', { tenantId: 'baski', tenantType: 'utility', roles: ['manager'] }],
    ['metro.coordinator', { tenantId: 'balikesir-bb', tenantType: 'metropolitan', roles: ['coordinator'] }],
    ['karesi.muhtar', { tenantId: 'balikesir-karesi', roles: ['muhtar'], neighbourhood: 'Eskikuyumcular' }],
  ])(
    '%s is resolved to tenant, roles and neighbourhood from the verified ID token',
    async (username, expected) => {
      const { IdToken } = await signIn(username);
      const me = await getJson('/v1/staff/me', bearer(IdToken));
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({ username, ...expected });
    },
  );

  it('refuses a missing, malformed or forged token with 401 before the handler runs', async () => {
    const { IdToken } = await signIn('karesi.staff');
    const [header, payload] = IdToken.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
        'custom:tenant_id': 'balikesir-bb',
      }),
    ).toString('base64url');
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${header}.${forgedPayload}.${IdToken.split('.')[2]}` },
    ];
    for (const headers of attempts) {
      const res = await getJson('/v1/staff/me', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('refuses an access token with 403: it is valid but names no tenant', async () => {
    const { AccessToken } = await signIn('karesi.staff');
    const res = await getJson('/v1/staff/me', { ...bearer(AccessToken), 'accept-language': 'en' });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('forbidden');
  });

  it('does not let a user rewrite their own tenant', async () => {
    const e = inject('endpoints');
    const { AccessToken } = await signIn('karesi.staff');
    const idp = new CognitoIdentityProviderClient({
      endpoint: e.cognitoEndpoint,
      region: e.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await idp
      .send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [{ Name: 'custom:tenant_id', Value: 'balikesir-bb' }],
        }),
      )
      .catch(() => undefined);
    // Whatever the identity provider answered, a fresh token still names the original tenant.
    const { IdToken } = await signIn('karesi.staff');
    const me = await getJson('/v1/staff/me', bearer(IdToken));
    expect(me.json.tenantId).toBe('balikesir-karesi');
  });
});
