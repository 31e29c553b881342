import { queueConsumers, queues, schedules, streamConsumers } from '@citydesk/functions/manifest';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { EventConsumers } from '../constructs/event-consumers.ts';
import { HandlerFunctions } from '../constructs/handler-functions.ts';
import { MessageQueues } from '../constructs/message-queues.ts';
import { ScheduledJobs } from '../constructs/scheduled-jobs.ts';
import type { DeploymentConfig } from '../deployment-config.ts';
import { handlerEnvironment } from '../handler-environment.ts';
import type { DataStack } from './data-stack.ts';
import type { IdentityStack } from './identity-stack.ts';

/** Properties of {@link AsyncStack}. */
export interface AsyncStackProps extends StackProps {
  config: DeploymentConfig;
  data: DataStack;
  identity: IdentityStack;
}

/**
 * Everything that runs off the request path: the queues and their dead-letter queues, the
 * queue and stream workers with their event source mappings, and the EventBridge
 * Scheduler jobs (SLA sweep, surveys, retention). Built from the manifest.
 */
export class AsyncStack extends Stack {
  readonly queues: MessageQueues;
  readonly workers: HandlerFunctions;
  readonly consumers: EventConsumers;
  readonly schedules: ScheduledJobs;

  constructor(scope: Construct, id: string, props: AsyncStackProps) {
    super(scope, id, props);
    const { config, data, identity } = props;
    this.queues = new MessageQueues(this, 'Queues', {
      definitions: Object.values(queues),
      consumers: queueConsumers,
      prefix: config.prefix,
    });
    const resources = {
      tables: data.tables,
      queues: this.queues,
      bucket: data.attachments.bucket,
      secrets: data.secrets,
      userPool: identity.identity.userPool,
    };
    this.workers = new HandlerFunctions(this, 'Workers', {
      definitions: [...queueConsumers, ...streamConsumers, ...schedules],
      prefix: config.prefix,
      environment: handlerEnvironment(this, config, resources, identity.identity),
      resources,
      logRetention: config.isProd ? RetentionDays.SIX_MONTHS : RetentionDays.TWO_WEEKS,
      retainLogs: config.isProd,
    });
    this.consumers = new EventConsumers(this, 'Consumers', {
      queueConsumers,
      streamConsumers,
      handlers: this.workers.byId,
      queues: this.queues,
      tables: data.tables,
      prefix: config.prefix,
    });
    this.schedules = new ScheduledJobs(this, 'Schedules', {
      schedules,
      handlers: this.workers.byId,
      prefix: config.prefix,
    });

    for (const queue of Object.values(queues)) {
      new CfnOutput(this, `${this.queues.queueFor(queue.name).node.id}Url`, {
        description: queue.envVar,
        value: this.queues.queueFor(queue.name).queueUrl,
      });
    }
  }
}
