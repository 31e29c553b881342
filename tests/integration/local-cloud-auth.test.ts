import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  createJwtAuthorizer,
  type LambdaHandler,
  type LocalCloud,
  type LocalGateway,
  startLocalCloud,
  startLocalGateway,
} from '@citydesk/local-cloud';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The local JWT authorizer against a real cognito-local: real demo users, real
 * tokens from InitiateAuth USER_PASSWORD_AUTH, keys fetched from the pool's JWKS
 * over http. No manifest route uses `jwt` yet, so the test mounts its own route on
 * a gateway configured exactly as startLocalCloud configures its own.
 */

let cloud: LocalCloud;
let gateway: LocalGateway;
let idp: CognitoIdentityProviderClient;
const events: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];

const whoAmI: LambdaHandler = async (event) => {
  events.push(event as APIGatewayProxyEventV2WithJWTAuthorizer);
  return { statusCode: 200, body: 'ok' };
};

async function login(username: string) {
  const user = cloud.endpoints.demoUsers.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  const result = await idp.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: cloud.endpoints.userPoolClientId,
      AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
    }),
  );
  const tokens = result.AuthenticationResult;
  if (!tokens?.AccessToken || !tokens.IdToken) throw new Error(`login of ${username} returned no tokens`);
  return { accessToken: tokens.AccessToken, idToken: tokens.IdToken };
}

async function gatewayWith(options: { issuer?: string; audience?: string[] } = {}) {
  const { endpoints } = cloud;
  return startLocalGateway({
    port: 0,
    region: endpoints.region,
    log: () => {},
    authorizer: createJwtAuthorizer({
      issuer: options.issuer ?? endpoints.issuer,
      audience: options.audience ?? [endpoints.userPoolClientId],
      jwks: endpoints.jwksUrl,
    }),
    routes: [
      {
        id: 'WhoAmI',
        method: 'GET',
        path: '/v1/staff/me',
        auth: 'jwt',
        memoryMb: 128,
        timeoutSeconds: 5,
        handler: whoAmI,
      },
    ],
  });
}

const call = (target: LocalGateway, authorization?: string) =>
  fetch(`${target.url}/v1/staff/me`, authorization ? { headers: { authorization } } : {});

beforeAll(async () => {
  cloud = await startLocalCloud({ ports: 'random', consumers: false, log: () => {} });
  idp = new CognitoIdentityProviderClient({
    endpoint: cloud.endpoints.cognitoEndpoint,
    region: cloud.endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  gateway = await gatewayWith();
});

afterAll(async () => {
  await gateway?.close();
  idp?.destroy();
  await cloud?.stop();
});

describe('local JWT authorizer with cognito-local', () => {
  it('seeds demo users for every role with immutable tenant attributes', () => {
    const users = cloud.endpoints.demoUsers;
    const metroRoles = users.filter((u) => u.tenantId === 'balikesir-bb').flatMap((u) => u.groups);
    expect(metroRoles).toEqual(
      expect.arrayContaining(['agent', 'coordinator', 'staff', 'supervisor', 'manager', 'admin']),
    );
    for (const tenant of ['balikesir-karesi', 'balikesir-altieylul', 'baski']) {
      const roles = users.filter((u) => u.tenantId === tenant).flatMap((u) => u.groups);
      expect(roles).toEqual(expect.arrayContaining(['staff', 'supervisor', 'manager', 'admin']));
    }
    expect(users.find((u) => u.groups.includes('muhtar'))).toMatchObject({ tenantId: 'balikesir-karesi' });
  });

  it('accepts a real access token and hands API Gateway-style claims to the handler', async () => {
    const { accessToken } = await login('karesi.staff');
    const response = await call(gateway, `Bearer ${accessToken}`);
    expect(response.status).toBe(200);
    const jwt = events.at(-1)?.requestContext.authorizer.jwt;
    expect(jwt?.claims).toMatchObject({
      'cognito:groups': '[staff]',
      client_id: cloud.endpoints.userPoolClientId,
      iss: cloud.endpoints.issuer,
      token_use: 'access',
      username: 'karesi.staff',
    });
    expect(jwt?.scopes).toEqual(['aws.cognito.signin.user.admin']);
  });

  it('accepts a real ID token, carrying the immutable tenant and neighbourhood', async () => {
    const { idToken } = await login('karesi.muhtar');
    expect((await call(gateway, idToken)).status).toBe(200);
    const claims = events.at(-1)?.requestContext.authorizer.jwt.claims;
    expect(claims?.['custom:tenant_id']).toBe('balikesir-karesi');
    expect(claims?.['custom:neighbourhood']).toBeTruthy();
    expect(claims?.['cognito:groups']).toBe('[muhtar]');
  });

  it('rejects missing, malformed and tampered tokens with 401 problem+json before the handler', async () => {
    const { accessToken } = await login('baski.manager');
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admin'] })).toString(
      'base64url',
    );
    const before = events.length;
    for (const authorization of [
      undefined,
      'Bearer ',
      'Bearer abc.def.ghi',
      `Bearer ${header}.${forged}.${signature}`,
    ]) {
      const response = await call(gateway, authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    }
    expect(events.length).toBe(before);
  });

  it('rejects a real token for the wrong issuer or the wrong audience', async () => {
    const { accessToken } = await login('altieylul.admin');
    const otherIssuer = await gatewayWith({
      issuer: `${cloud.endpoints.cognitoEndpoint}/local_someOtherPool`,
    });
    const otherAudience = await gatewayWith({ audience: ['some-other-client'] });
    try {
      expect((await call(otherIssuer, `Bearer ${accessToken}`)).status).toBe(401);
      expect((await call(otherAudience, `Bearer ${accessToken}`)).status).toBe(401);
      expect((await call(gateway, `Bearer ${accessToken}`)).status).toBe(200);
    } finally {
      await otherIssuer.close();
      await otherAudience.close();
    }
  });

  it('serves the manifest API on the cloud gateway, with problem+json for unknown routes', async () => {
    const health = await fetch(`${cloud.endpoints.apiUrl}/health`);
    expect(health.status).toBe(200);
    const unknown = await fetch(`${cloud.endpoints.apiUrl}/v1/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });
});
