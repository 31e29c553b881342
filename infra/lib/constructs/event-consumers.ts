import type { QueueConsumerDefinition, StreamConsumerDefinition } from '@citydesk/functions/manifest';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-findings.ts';
import { toKebabCase } from '../naming.ts';
import type { DataTables } from './data-tables.ts';
import type { MessageQueues } from './message-queues.ts';

/** Properties of {@link EventConsumers}. */
export interface EventConsumersProps {
  queueConsumers: readonly QueueConsumerDefinition[];
  streamConsumers: readonly StreamConsumerDefinition[];
  /** The function of each consumer, keyed by consumer id. */
  handlers: ReadonlyMap<string, IFunction>;
  queues: MessageQueues;
  tables: DataTables;
  prefix: string;
}

/**
 * Event source mappings: SQS workers and DynamoDB stream consumers (the outbox dispatcher).
 * Both report partial batch failures, so one poisoned message or record is retried alone
 * instead of dragging its whole batch through the retries again.
 */
export class EventConsumers extends Construct {
  /** Where the stream consumers' exhausted batches are recorded, keyed by consumer id. */
  readonly streamFailureQueues: ReadonlyMap<string, Queue>;

  constructor(scope: Construct, id: string, props: EventConsumersProps) {
    super(scope, id);
    const handlerFor = (consumerId: string) => {
      const handler = props.handlers.get(consumerId);
      if (!handler) throw new Error(`consumer ${consumerId} has no handler function`);
      return handler;
    };

    for (const consumer of props.queueConsumers) {
      handlerFor(consumer.id).addEventSource(
        new SqsEventSource(props.queues.queueFor(consumer.queue), {
          batchSize: consumer.batchSize,
          maxBatchingWindow:
            consumer.maxBatchingWindowSeconds > 0
              ? Duration.seconds(consumer.maxBatchingWindowSeconds)
              : undefined,
          reportBatchItemFailures: true,
          // Caps the worker's share of account concurrency, protecting the table and downstream providers.
          maxConcurrency: consumer.maxConcurrency,
        }),
      );
    }

    const failureQueues = new Map<string, Queue>();
    for (const consumer of props.streamConsumers) {
      // A stream DLQ receives only the failed batch's shard coordinates, not the records:
      // an operator must replay from the stream (24 h retention) or from the table itself.
      const failures = new Queue(this, `${consumer.id}FailureQueue`, {
        queueName: `${props.prefix}-${toKebabCase(consumer.id)}-failures`,
        retentionPeriod: Duration.days(14),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      acknowledge(failures, 'SQS3', 'This queue is itself the failure destination of a stream consumer.');
      handlerFor(consumer.id).addEventSource(
        new DynamoEventSource(props.tables.tableFor(consumer.table), {
          // Oldest first: after a deployment or outage the outbox drains in order, nothing skipped.
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: consumer.batchSize,
          // Splitting a failing batch isolates the poisoned record in log2(batch) retries.
          bisectBatchOnError: true,
          retryAttempts: consumer.maxRetryAttempts,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(failures),
        }),
      );
      failureQueues.set(consumer.id, failures);
    }
    this.streamFailureQueues = failureQueues;
  }
}
