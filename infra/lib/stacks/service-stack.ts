import {
  attachmentsBucket,
  commonEnvironment,
  httpFunctions,
  httpRoutes,
  identityEnvironment,
  notificationEnvironment,
  queueConsumers,
  queues,
  schedules,
  secrets,
  streamConsumers,
  tables,
} from '@citydesk/functions/manifest';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { EventConsumers } from '../constructs/event-consumers.ts';
import { type HandlerDefinition, HandlerFunction } from '../constructs/handler-function.ts';
import { HttpApiGateway } from '../constructs/http-api-gateway.ts';
import { MessageQueues } from '../constructs/message-queues.ts';
import { ScheduledJobs } from '../constructs/scheduled-jobs.ts';
import type { DeploymentConfig } from '../deployment-config.ts';
import { functionsSourceDir, lockFilePath, repoRoot } from '../paths.ts';
import type { DataStack } from './data-stack.ts';

/** Properties of {@link ServiceStack}. */
export interface ServiceStackProps extends StackProps {
  config: DeploymentConfig;
  data: DataStack;
}

/**
 * The compute: one Lambda function per manifest entry, the queues between them, the event
 * source mappings, the schedules and the HTTP API. Everything here is derived from
 * functions/src/manifest.ts; adding a route or worker there is the whole change.
 */
export class ServiceStack extends Stack {
  readonly queues: MessageQueues;
  readonly api: HttpApiGateway;
  /** Every handler function, keyed by manifest id. */
  readonly handlers: ReadonlyMap<string, IFunction>;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const queueList = Object.values(queues);

    this.queues = new MessageQueues(this, 'Queues', {
      definitions: queueList,
      consumers: queueConsumers,
      prefix: config.prefix,
    });

    // Every function learns every resource name: names are not secrets, IAM decides access,
    // and shared platform code can then read its configuration the same way everywhere.
    const environment: Record<string, string> = {
      ...commonEnvironment,
      ...Object.fromEntries(tables.map((table) => [table.envVar, data.tables.tableFor(table).tableName])),
      ...Object.fromEntries(
        queueList.map((queue) => [queue.envVar, this.queues.queueFor(queue.name).queueUrl]),
      ),
      [attachmentsBucket.envVar]: data.attachments.bucket.bucketName,
      [identityEnvironment.userPoolId]: data.identity.userPool.userPoolId,
      [identityEnvironment.clientId]: data.identity.portalClient.userPoolClientId,
      // SRP keeps the password off the wire; the portal's client allows it.
      [identityEnvironment.authFlow]: 'USER_SRP_AUTH',
      // Citizen notifications: SES for e-mail; Netgsm (credentials in `<prefix>/netgsm`) or
      // SNS for SMS (`-c smsProvider=sns`); sender and portal address from context.
      ...notificationSettings(this, config),
      // ARNs only: values are fetched at cold start by the functions granted access below.
      ...Object.fromEntries(
        Object.entries(secrets).map(([name, s]) => [
          s.arnEnvVar,
          data.secrets.secretFor(name as keyof typeof secrets).secretArn,
        ]),
      ),
    };

    const definitions: HandlerDefinition[] = [
      ...httpFunctions,
      ...queueConsumers,
      ...streamConsumers,
      ...schedules,
    ];
    const handlers = new Map<string, IFunction>();
    for (const definition of definitions) {
      if (handlers.has(definition.id)) {
        throw new Error(
          `manifest id "${definition.id}" is used twice; ids name functions and must be unique`,
        );
      }
      const handler = new HandlerFunction(this, `${definition.id}Handler`, {
        definition,
        functionsSourceDir,
        projectRoot: repoRoot,
        depsLockFilePath: lockFilePath,
        prefix: config.prefix,
        environment,
        resources: {
          tables: data.tables,
          queues: this.queues,
          bucket: data.attachments.bucket,
          secrets: data.secrets,
          userPool: data.identity.userPool,
        },
        logRetention: config.isProd ? RetentionDays.SIX_MONTHS : RetentionDays.TWO_WEEKS,
        retainLogs: config.isProd,
      });
      handlers.set(definition.id, handler.function);
    }
    this.handlers = handlers;

    new EventConsumers(this, 'Consumers', {
      queueConsumers,
      streamConsumers,
      handlers,
      queues: this.queues,
      tables: data.tables,
      prefix: config.prefix,
    });
    new ScheduledJobs(this, 'Schedules', { schedules, handlers, prefix: config.prefix });

    this.api = new HttpApiGateway(this, 'HttpApi', {
      routes: httpRoutes,
      handlers: new Map(
        httpFunctions.flatMap((fn) =>
          fn.routeIds.map((routeId) => [routeId, handlers.get(fn.id) as IFunction]),
        ),
      ),
      userPool: data.identity.userPool,
      userPoolClients: [data.identity.portalClient],
      prefix: config.prefix,
      corsOrigin: config.portalOrigin,
      logRetention: config.isProd ? RetentionDays.SIX_MONTHS : RetentionDays.TWO_WEEKS,
      retainLogs: config.isProd,
    });

    new CfnOutput(this, 'ApiUrl', { description: 'HTTP API invoke URL', value: this.api.url });
    for (const queue of queueList) {
      new CfnOutput(this, `${this.queues.queueFor(queue.name).node.id}Url`, {
        description: queue.envVar,
        value: this.queues.queueFor(queue.name).queueUrl,
      });
    }
  }
}

/** The notification worker's provider settings for a deployment (docs/domain/notifications.md). */
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
  const portalUrl = context('publicPortalUrl') ?? config.portalOrigin;
  return {
    [notificationEnvironment.emailProvider]: 'ses',
    [notificationEnvironment.smsProvider]: smsProvider,
    [notificationEnvironment.netgsmSecretId]: `${config.prefix}/netgsm`,
    ...(emailFrom ? { [notificationEnvironment.emailFrom]: emailFrom } : {}),
    ...(portalUrl ? { [notificationEnvironment.portalUrl]: portalUrl } : {}),
  };
}
