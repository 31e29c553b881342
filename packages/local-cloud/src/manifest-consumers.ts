import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { queueConsumers, schedules, streamConsumers } from '@citydesk/functions/manifest';
import { lazyHandler } from './handler-loader.ts';
import type { LocalEndpoints } from './local-endpoints.ts';
import { type QueuePoller, startQueuePoller } from './queue-poller.ts';
import { type Scheduler, startScheduler } from './schedule-runner.ts';
import { type StreamPoller, startStreamPoller } from './stream-poller.ts';

/*
 * The asynchronous half of the manifest, started in one process: a poller per queue
 * consumer, a poller per stream consumer and the scheduler. The local cloud runs them
 * in its own process by default; a worker process (worker-process.ts) runs them on its
 * own, so that the fault suite can SIGKILL consumers without killing the gateway.
 */

/** Which parts to run: a stream must have a single reader, so extra workers run queues only. */
export interface ConsumerRoles {
  queues: boolean;
  streams: boolean;
  schedules: boolean;
}

export interface ManifestConsumerOptions {
  queues: LocalEndpoints['queues'];
  /** Physical table name by definition suffix (`main`). */
  tables: LocalEndpoints['tables'];
  region: string;
  roles: ConsumerRoles;
  /** Per-stream-consumer progress files go here; without it, progress lives in memory. */
  checkpointDir?: string;
  /** JSON-lines file receiving stream batches that exhausted their retries. */
  streamFailureFile?: string;
  /** Overrides every queue's visibility timeout for received messages (fault runs use short ones). */
  visibilityTimeoutSeconds?: number;
  /**
   * How many processes run these consumers side by side (default 1). A consumer's
   * maxConcurrency is the event-source mapping's total on AWS, so each process takes its
   * share of it rather than the whole.
   */
  processes?: number;
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  log: (line: string) => void;
}

/** The started pollers and scheduler, stopped together. */
export interface ManifestConsumers {
  stop(): Promise<void>;
}

/** Starts the manifest's queue consumers, stream consumers and schedules, as `roles` asks. */
export function startManifestConsumers(options: ManifestConsumerOptions): ManifestConsumers {
  const running: (QueuePoller | StreamPoller | Scheduler)[] = [];
  if (options.roles.queues) {
    for (const consumer of queueConsumers) {
      const queue = options.queues[consumer.queue];
      if (!queue) throw new Error(`consumer ${consumer.id} reads unknown queue ${consumer.queue}`);
      running.push(
        startQueuePoller({
          queueUrl: queue.url,
          queueArn: queue.arn,
          handler: lazyHandler(consumer.entry),
          batchSize: consumer.batchSize,
          maxBatchingWindowSeconds: consumer.maxBatchingWindowSeconds,
          maxConcurrency: Math.max(1, Math.ceil(consumer.maxConcurrency / (options.processes ?? 1))),
          ...(options.visibilityTimeoutSeconds !== undefined
            ? { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds }
            : {}),
          function: consumer,
          region: options.region,
          sqs: options.sqs,
          log: options.log,
        }),
      );
    }
  }
  if (options.roles.streams) {
    for (const consumer of streamConsumers) {
      const tableName = options.tables[consumer.table.nameSuffix];
      if (!tableName)
        throw new Error(`stream consumer ${consumer.id} reads unknown table ${consumer.table.nameSuffix}`);
      running.push(
        startStreamPoller({
          tableName,
          handler: lazyHandler(consumer.entry),
          batchSize: consumer.batchSize,
          maxRetryAttempts: consumer.maxRetryAttempts,
          ...(options.checkpointDir
            ? { checkpointFile: join(options.checkpointDir, `${consumer.id}.json`) }
            : {}),
          ...(options.streamFailureFile ? { failureFile: options.streamFailureFile } : {}),
          function: consumer,
          region: options.region,
          dynamodb: options.dynamodb,
          log: options.log,
        }),
      );
    }
  }
  if (options.roles.schedules) {
    running.push(
      startScheduler(
        schedules.map((s) => ({ ...s, handler: lazyHandler(s.entry) })),
        { region: options.region, log: options.log },
      ),
    );
  }
  return {
    stop: async () => {
      await Promise.all(running.map((p) => p.stop()));
    },
  };
}
