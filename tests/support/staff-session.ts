import {
  type AuthenticationResultType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { inject } from 'vitest';

/** Signs a seeded demo user in against the local user pool, as the portal does locally. */
export async function signIn(
  username: string,
): Promise<Required<Pick<AuthenticationResultType, 'IdToken' | 'AccessToken'>>> {
  const e = inject('endpoints');
  const user = e.demoUsers.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  const idp = new CognitoIdentityProviderClient({
    endpoint: e.cognitoEndpoint,
    region: e.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { AuthenticationResult } = await idp.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: e.userPoolClientId,
      AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
    }),
  );
  if (!AuthenticationResult?.IdToken || !AuthenticationResult.AccessToken) throw new Error('no tokens');
  return { IdToken: AuthenticationResult.IdToken, AccessToken: AuthenticationResult.AccessToken };
}
