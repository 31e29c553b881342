import type { AuthConfig } from '@citydesk/domain';
import type { CognitoUserPool, CognitoUserSession } from 'amazon-cognito-identity-js';
import { usernameClaim } from './jwt-claims.ts';
import { MemoryStorage } from './memory-storage.ts';
import type { SessionTokens } from './token-store.ts';

/*
 * The only module that talks to Cognito. amazon-cognito-identity-js is loaded on
 * demand, so citizens on the public pages never download it. The flow comes from
 * the runtime configuration: USER_PASSWORD_AUTH against cognito-local, SRP on AWS
 * (the password never leaves the browser).
 */

/** Why a sign-in did not produce a session; each has its own localized message. */
export type SignInFailure =
  /** Unknown user and wrong password look the same, so the page cannot reveal which logins exist. */
  | 'invalid-credentials'
  | 'too-many-attempts'
  | 'new-password-required'
  | 'mfa-required'
  | 'password-reset-required'
  | 'account-not-ready'
  | 'network'
  | 'unexpected';

export type SignInResult = { ok: true; tokens: SessionTokens } | { ok: false; failure: SignInFailure };

/** A refresh either worked, was refused (the session is over) or could not reach Cognito (try again). */
export type RefreshResult =
  | { ok: true; tokens: SessionTokens }
  | { ok: false; failure: 'rejected' | 'unavailable' };

const library = () => import('amazon-cognito-identity-js');

async function userPool(config: AuthConfig): Promise<CognitoUserPool> {
  const { CognitoUserPool } = await library();
  return new CognitoUserPool({
    UserPoolId: config.userPoolId,
    ClientId: config.clientId,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    Storage: new MemoryStorage(),
    AdvancedSecurityDataCollectionFlag: false,
  });
}

function tokensOf(session: CognitoUserSession, fallbackUsername: string): SessionTokens {
  const idToken = session.getIdToken().getJwtToken();
  return {
    idToken,
    accessToken: session.getAccessToken().getJwtToken(),
    refreshToken: session.getRefreshToken().getToken(),
    username: usernameClaim(idToken) ?? fallbackUsername,
    receivedAt: Date.now(),
  };
}

/** Cognito errors carry `code` (older SDK style) and/or `name`. */
function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; name?: unknown };
    if (typeof e.code === 'string') return e.code;
    if (typeof e.name === 'string') return e.name;
  }
  return '';
}

function isNetworkFailure(error: unknown): boolean {
  const code = errorCode(error);
  return error instanceof TypeError || code === 'NetworkError' || code === 'TypeError';
}

function classifySignInError(error: unknown): SignInFailure {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : '';
  if (isNetworkFailure(error)) return 'network';
  switch (code) {
    case 'NotAuthorizedException':
      return /attempts exceeded/i.test(message) ? 'too-many-attempts' : 'invalid-credentials';
    case 'UserNotFoundException':
    // cognito-local answers a wrong password so (AWS says NotAuthorizedException).
    case 'InvalidPasswordException':
      return 'invalid-credentials';
    case 'TooManyRequestsException':
    case 'TooManyFailedAttemptsException':
    case 'LimitExceededException':
      return 'too-many-attempts';
    case 'PasswordResetRequiredException':
      return 'password-reset-required';
    case 'UserNotConfirmedException':
      return 'account-not-ready';
    default:
      return 'unexpected';
  }
}

/**
 * Signs a staff member in. Challenges the portal cannot complete yet (a first-login
 * password change, MFA) end the attempt with their own failure instead of hanging.
 */
export async function signInWithPassword(
  config: AuthConfig,
  username: string,
  password: string,
): Promise<SignInResult> {
  let pool: CognitoUserPool;
  let lib: Awaited<ReturnType<typeof library>>;
  try {
    [lib, pool] = await Promise.all([library(), userPool(config)]);
  } catch {
    return { ok: false, failure: 'network' };
  }
  const user = new lib.CognitoUser({ Username: username, Pool: pool, Storage: new MemoryStorage() });
  user.setAuthenticationFlowType(config.authFlow);
  const details = new lib.AuthenticationDetails({ Username: username, Password: password });
  return new Promise<SignInResult>((resolve) => {
    const challenge = (failure: SignInFailure) => () => resolve({ ok: false, failure });
    user.authenticateUser(details, {
      onSuccess: (session) => resolve({ ok: true, tokens: tokensOf(session, username) }),
      onFailure: (error: unknown) => resolve({ ok: false, failure: classifySignInError(error) }),
      newPasswordRequired: challenge('new-password-required'),
      mfaRequired: challenge('mfa-required'),
      totpRequired: challenge('mfa-required'),
      selectMFAType: challenge('mfa-required'),
      mfaSetup: challenge('mfa-required'),
      customChallenge: challenge('unexpected'),
    });
  });
}

/** New ID and access tokens for a refresh token (Cognito keeps the refresh token itself). */
export async function refreshTokens(config: AuthConfig, current: SessionTokens): Promise<RefreshResult> {
  try {
    const lib = await library();
    const pool = await userPool(config);
    const user = new lib.CognitoUser({
      Username: current.username,
      Pool: pool,
      Storage: new MemoryStorage(),
    });
    const refreshToken = new lib.CognitoRefreshToken({ RefreshToken: current.refreshToken });
    return await new Promise<RefreshResult>((resolve) => {
      user.refreshSession(refreshToken, (error: unknown, session: CognitoUserSession | null) => {
        if (error || !session) {
          resolve({
            ok: false,
            failure: error && isNetworkFailure(error) ? 'unavailable' : 'rejected',
          });
          return;
        }
        const tokens = tokensOf(session, current.username);
        // Cognito does not rotate refresh tokens by default; keep the one we had.
        resolve({
          ok: true,
          tokens: { ...tokens, refreshToken: tokens.refreshToken || current.refreshToken },
        });
      });
    });
  } catch {
    return { ok: false, failure: 'unavailable' };
  }
}

/**
 * Ends the session at Cognito as far as the pool allows: with token revocation
 * enabled (AWS) the refresh token is revoked, otherwise only client data is cleared.
 * Best effort: the portal has already forgotten the tokens when this runs.
 */
export async function signOutOfPool(config: AuthConfig, tokens: SessionTokens): Promise<void> {
  try {
    const lib = await library();
    const pool = await userPool(config);
    const user = new lib.CognitoUser({ Username: tokens.username, Pool: pool, Storage: new MemoryStorage() });
    user.setSignInUserSession(
      new lib.CognitoUserSession({
        IdToken: new lib.CognitoIdToken({ IdToken: tokens.idToken }),
        AccessToken: new lib.CognitoAccessToken({ AccessToken: tokens.accessToken }),
        RefreshToken: new lib.CognitoRefreshToken({ RefreshToken: tokens.refreshToken }),
      }),
    );
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3000);
      user.signOut(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  } catch {
    // Revocation is a bonus; the local session is gone either way.
  }
}
