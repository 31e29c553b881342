import { requireEnv } from '@citydesk/data';
import type { AuthConfig } from '@citydesk/domain';
import { httpHandler, json } from '#platform/http-handler.ts';
import { identityEnvironment } from '../manifest.ts';

/** What the static portal needs to sign staff in; none of it is secret. */
const body: AuthConfig = {
  userPoolId: requireEnv(identityEnvironment.userPoolId),
  clientId: requireEnv(identityEnvironment.clientId),
  region: requireEnv('AWS_REGION'),
  ...(process.env[identityEnvironment.publicEndpoint]
    ? { endpoint: process.env[identityEnvironment.publicEndpoint] }
    : {}),
  authFlow:
    process.env[identityEnvironment.authFlow] === 'USER_PASSWORD_AUTH'
      ? 'USER_PASSWORD_AUTH'
      : 'USER_SRP_AUTH',
};

export const handler = httpHandler(async ({ lang }) =>
  json(200, body, lang, { 'cache-control': 'public, max-age=300' }),
);
