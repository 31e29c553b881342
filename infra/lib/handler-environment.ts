import {
  attachmentsBucket,
  commonEnvironment,
  identityEnvironment,
  notificationEnvironment,
  queues,
  secrets,
  tables,
} from '@citydesk/functions/manifest';
import type { Construct } from 'constructs';
import type { HandlerResources } from './constructs/handler-function.ts';
import type { StaffIdentity } from './constructs/staff-identity.ts';
import type { DeploymentConfig } from './deployment-config.ts';

/** Powertools metrics land in one CloudWatch namespace; the dashboards and alarms read it. */
export const METRICS_NAMESPACE = 'CityDesk';

/**
 * The environment every handler function gets. Every function learns every resource
 * name: names are not secrets, IAM decides access, and shared platform code can then read
 * its configuration the same way everywhere. Secrets travel as ARNs only; their values are
 * fetched at cold start by the functions granted access.
 */
export function handlerEnvironment(
  scope: Construct,
  config: DeploymentConfig,
  resources: HandlerResources,
  identity: StaffIdentity,
): Record<string, string> {
  return {
    ...commonEnvironment,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    // The metrics' stage dimension (functions/src/platform/metrics.ts).
    CITYDESK_METRICS_STAGE: config.stage,
    ...Object.fromEntries(tables.map((table) => [table.envVar, resources.tables.tableFor(table).tableName])),
    ...Object.fromEntries(
      Object.values(queues).map((queue) => [queue.envVar, resources.queues.queueFor(queue.name).queueUrl]),
    ),
    [attachmentsBucket.envVar]: resources.bucket.bucketName,
    [identityEnvironment.userPoolId]: identity.userPool.userPoolId,
    [identityEnvironment.clientId]: identity.portalClient.userPoolClientId,
    // SRP keeps the password off the wire; the portal's client allows it.
    [identityEnvironment.authFlow]: 'USER_SRP_AUTH',
    ...notificationSettings(scope, config),
    ...Object.fromEntries(
      Object.entries(secrets).map(([name, s]) => [
        s.arnEnvVar,
        resources.secrets.secretFor(name as keyof typeof secrets).secretArn,
      ]),
    ),
  };
}

/**
 * Citizen notifications: SES for e-mail; Netgsm (credentials in `<prefix>/netgsm`) or SNS
 * for SMS (`-c smsProvider=sns`); sender and portal address from context
 * (docs/domain/notifications.md).
 */
function notificationSettings(scope: Construct, config: DeploymentConfig): Record<string, string> {
  const context = (key: string): string | undefined => {
    const value: unknown = scope.node.tryGetContext(key);
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const smsProvider = context('smsProvider') ?? 'netgsm';
  if (smsProvider !== 'netgsm' && smsProvider !== 'sns') {
    throw new Error(`context "smsProvider" must be "netgsm" or "sns", got "${smsProvider}"`);
  }
  const emailFrom = context('notificationEmailFrom');
  const portalUrl =
    context('publicPortalUrl') ?? (config.domainName ? `https://${config.domainName}` : config.portalOrigin);
  return {
    [notificationEnvironment.emailProvider]: 'ses',
    [notificationEnvironment.smsProvider]: smsProvider,
    [notificationEnvironment.netgsmSecretId]: `${config.prefix}/netgsm`,
    ...(emailFrom ? { [notificationEnvironment.emailFrom]: emailFrom } : {}),
    ...(portalUrl ? { [notificationEnvironment.portalUrl]: portalUrl } : {}),
  };
}
