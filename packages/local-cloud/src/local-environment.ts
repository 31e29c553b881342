import { tableDefinitions } from '@citydesk/data';
import {
  attachmentsBucket,
  commonEnvironment,
  identityEnvironment,
  notificationEnvironment,
  queues,
} from '@citydesk/functions/manifest';
import { localCredentials } from './emulator-launchers.ts';
import type { LocalEndpoints } from './local-endpoints.ts';

/*
 * The environment the handlers see, exactly as a Lambda function's configuration
 * would set it on AWS (table, queue and bucket names from the manifest) plus the
 * AWS_ENDPOINT_URL_<SERVICE> variables that point the unmodified SDK clients at
 * the emulators. Exported so a vitest globalSetup can hand it to test workers.
 */

/**
 * Environment variables for code that talks to this local cloud through the
 * standard SDK; `secretValues` (from ensureLocalSecrets) adds the secrets' values.
 */
export function localCloudEnvironment(
  endpoints: LocalEndpoints,
  secretValues: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {
    ...secretValues,
    ...commonEnvironment,
    AWS_REGION: endpoints.region,
    AWS_DEFAULT_REGION: endpoints.region,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: endpoints.sqsEndpoint,
    AWS_ENDPOINT_URL_S3: endpoints.s3Endpoint,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognitoEndpoint,
    [attachmentsBucket.envVar]: endpoints.bucket,
    [identityEnvironment.userPoolId]: endpoints.userPoolId,
    [identityEnvironment.clientId]: endpoints.userPoolClientId,
    [identityEnvironment.publicEndpoint]: endpoints.cognitoEndpoint,
    // cognito-local implements USER_PASSWORD_AUTH only.
    [identityEnvironment.authFlow]: 'USER_PASSWORD_AUTH',
    // Local development: webhooks may target a receiver on this machine over http, and
    // retry after 1 s, 2 s, 4 s… instead of 30 s, 1 min… (deployed stacks set neither).
    WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
    WEBHOOK_RETRY_BASE_SECONDS: '1',
    // No CloudWatch here to read metrics and no X-Ray daemon to take traces: Powertools
    // keeps its EMF lines off stdout, and the X-Ray SDK is never even loaded.
    CITYDESK_METRICS_STAGE: 'local',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    // Nothing leaves the machine: SMS and e-mails land in the dev outbox (portal page, tests).
    [notificationEnvironment.smsProvider]: 'dev-outbox',
    [notificationEnvironment.emailProvider]: 'dev-outbox',
    [notificationEnvironment.portalUrl]: endpoints.portalUrl,
  };
  for (const table of tableDefinitions) {
    const name = endpoints.tables[table.nameSuffix];
    if (name) env[table.envVar] = name;
  }
  for (const queue of Object.values(queues)) {
    const provisioned = endpoints.queues[queue.name];
    if (provisioned) env[queue.envVar] = provisioned.url;
  }
  return env;
}

/** Writes {@link localCloudEnvironment} into process.env (before any handler module is imported). */
export function applyLocalCloudEnvironment(
  endpoints: LocalEndpoints,
  secretValues: Record<string, string>,
): void {
  Object.assign(process.env, localCloudEnvironment(endpoints, secretValues));
}
