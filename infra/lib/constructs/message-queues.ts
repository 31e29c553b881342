import type { QueueConsumerDefinition, QueueDefinition, QueueName } from '@citydesk/functions/manifest';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { toPascalCase } from '../naming.ts';

/** Properties of {@link MessageQueues}. */
export interface MessageQueuesProps {
  /** The manifest's queues. */
  definitions: readonly QueueDefinition[];
  /** The manifest's queue consumers, used to check each queue's visibility timeout. */
  consumers: readonly QueueConsumerDefinition[];
  prefix: string;
}

/**
 * AWS guidance for Lambda event sources: the visibility timeout must be at least six times
 * the function timeout, or a message still being processed reappears and runs twice
 * (and retries during throttling burn receives towards the DLQ).
 */
export const VISIBILITY_TO_TIMEOUT_RATIO = 6;

/**
 * One SQS queue per manifest queue, each with its own dead-letter queue. Messages that a
 * worker failed `maxReceiveCount` times are parked in the DLQ for inspection and redrive,
 * never dropped.
 */
export class MessageQueues extends Construct {
  readonly byName: ReadonlyMap<QueueName, Queue>;
  readonly deadLetterQueues: ReadonlyMap<QueueName, Queue>;

  constructor(scope: Construct, id: string, props: MessageQueuesProps) {
    super(scope, id);
    const queues = new Map<QueueName, Queue>();
    const dlqs = new Map<QueueName, Queue>();
    for (const definition of props.definitions) {
      assertVisibilityCoversConsumers(definition, props.consumers);
      const name = toPascalCase(definition.name);
      const deadLetterQueue = new Queue(this, `${name}DeadLetterQueue`, {
        queueName: `${props.prefix}-${definition.name}-dlq`,
        // The maximum, so a weekend incident leaves time to inspect and redrive.
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const queue = new Queue(this, `${name}Queue`, {
        queueName: `${props.prefix}-${definition.name}`,
        visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(definition.retentionDays),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
        // Queues hold only derived intents; the table's outbox can re-create them.
        removalPolicy: RemovalPolicy.DESTROY,
      });
      queues.set(definition.name, queue);
      dlqs.set(definition.name, deadLetterQueue);
    }
    this.byName = queues;
    this.deadLetterQueues = dlqs;
  }

  /** The queue for a manifest queue name; throws when the manifest references an unknown queue. */
  queueFor(name: QueueName): Queue {
    const queue = this.byName.get(name);
    if (!queue) throw new Error(`queue "${name}" is referenced but not declared in the manifest`);
    return queue;
  }
}

/**
 * Fails synthesis when a queue's visibility timeout is shorter than six times the timeout
 * (plus batching window) of any function consuming it: a misconfiguration that only shows up as duplicate
 * processing under load.
 */
export function assertVisibilityCoversConsumers(
  queue: QueueDefinition,
  consumers: readonly QueueConsumerDefinition[],
): void {
  for (const consumer of consumers.filter((c) => c.queue === queue.name)) {
    // The batching window is spent before the function even starts, so it adds to the budget.
    const required =
      consumer.timeoutSeconds * VISIBILITY_TO_TIMEOUT_RATIO + consumer.maxBatchingWindowSeconds;
    if (queue.visibilityTimeoutSeconds < required) {
      throw new Error(
        `queue "${queue.name}": visibilityTimeoutSeconds ${queue.visibilityTimeoutSeconds} is below ` +
          `${VISIBILITY_TO_TIMEOUT_RATIO} × consumer ${consumer.id}'s timeout ${consumer.timeoutSeconds}s ` +
          `+ its batching window ${consumer.maxBatchingWindowSeconds}s = ${required}s`,
      );
    }
  }
}
