import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { LambdaHandler } from './handler-loader.ts';
import { createLambdaContext, type LocalFunction, withTimeout } from './lambda-context.ts';

/*
 * A Lambda SQS event-source mapping, locally. Semantics worth keeping identical:
 *  - batches of up to `batchSize`, gathered for at most `maxBatchingWindowSeconds`;
 *  - at most `maxConcurrency` batches in flight;
 *  - success deletes the batch; `{ batchItemFailures }` deletes only the others
 *    (an unknown or empty identifier fails the whole batch, as on AWS);
 *  - a thrown error or a timeout deletes nothing: the messages reappear after the
 *    visibility timeout, and the queue's RedrivePolicy moves a message to its DLQ
 *    once it was received maxReceiveCount times. The poller never touches the DLQ.
 */

/** Options of {@link startQueuePoller}. */
export interface QueuePollerOptions {
  queueUrl: string;
  queueArn: string;
  /** May return `{ batchItemFailures }` (SQSBatchResponse); any other result means success. */
  handler: LambdaHandler<SQSEvent, unknown>;
  /** Defaults to 10 (one ReceiveMessage); larger batches are gathered over the batching window. */
  batchSize?: number;
  maxBatchingWindowSeconds?: number;
  /** Concurrent batches (Lambda's ScalingConfig.MaximumConcurrency). Default 2. */
  maxConcurrency?: number;
  /** Overrides the queue's visibility timeout for received messages (tests use 1-2 s). */
  visibilityTimeoutSeconds?: number;
  /** The function's identity and timeout, for the Lambda context. */
  function?: LocalFunction;
  /** Long-poll wait per ReceiveMessage; short so stop() returns quickly. Default 1 s. */
  waitTimeSeconds?: number;
  region?: string;
  /** Defaults to a client configured from the environment (AWS_ENDPOINT_URL_SQS). */
  sqs?: SQSClient;
  log?: (line: string) => void;
  /** Called after each invocation, for logs and tests. */
  onBatch?: (outcome: QueueBatchOutcome) => void;
}

/** What happened to one batch. */
export interface QueueBatchOutcome {
  messageIds: string[];
  deleted: string[];
  /** Left on the queue for redelivery after the visibility timeout. */
  retained: string[];
  error?: string;
}

/** A running poller. */
export interface QueuePoller {
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toMessageAttributes(message: Message): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    result[name] = {
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
      dataType: value.DataType ?? 'String',
    };
  }
  return result;
}

/** Converts a received message into the record Lambda delivers. */
export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const system = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
      SentTimestamp: system.SentTimestamp ?? String(Date.now()),
      SenderId: system.SenderId ?? 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(system.AWSTraceHeader ? { AWSTraceHeader: system.AWSTraceHeader } : {}),
      ...(system.SequenceNumber ? { SequenceNumber: system.SequenceNumber } : {}),
      ...(system.MessageGroupId ? { MessageGroupId: system.MessageGroupId } : {}),
      ...(system.MessageDeduplicationId ? { MessageDeduplicationId: system.MessageDeduplicationId } : {}),
    },
    messageAttributes: toMessageAttributes(message),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * Which message ids to delete after an invocation, following Lambda's
 * ReportBatchItemFailures rules. Returns undefined when the response is invalid
 * and the whole batch counts as failed.
 */
export function successfulMessageIds(messageIds: string[], response: unknown): string[] | undefined {
  if (!response || typeof response !== 'object' || !('batchItemFailures' in response)) return messageIds;
  const failures = (response as SQSBatchResponse).batchItemFailures;
  if (failures === null || failures === undefined) return messageIds;
  if (!Array.isArray(failures)) return undefined;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = failure?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !messageIds.includes(id)) return undefined;
    failed.add(id);
  }
  return messageIds.filter((id) => !failed.has(id));
}

async function deleteMessages(sqs: SQSClient, queueUrl: string, messages: Message[]) {
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const result = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
    if (result.Failed && result.Failed.length > 0) {
      throw new Error(
        `could not delete ${result.Failed.length} processed message(s): ${result.Failed[0]?.Message}`,
      );
    }
  }
}

/** Starts polling `queueUrl` and invoking `handler` with SQS events until stop(). */
export function startQueuePoller(options: QueuePollerOptions): QueuePoller {
  const sqs = options.sqs ?? new SQSClient({ useQueueUrlAsEndpoint: false });
  const batchSize = options.batchSize ?? 10;
  const windowMs = (options.maxBatchingWindowSeconds ?? 0) * 1000;
  const waitTimeSeconds = options.waitTimeSeconds ?? 1;
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const fn: LocalFunction = options.function ?? { id: 'QueueConsumer', memoryMb: 512, timeoutSeconds: 30 };
  const log = options.log ?? (() => {});
  let stopped = false;

  const receive = async (max: number, wait: number): Promise<Message[]> => {
    const result = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: wait,
        ...(options.visibilityTimeoutSeconds !== undefined
          ? { VisibilityTimeout: options.visibilityTimeoutSeconds }
          : {}),
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return result.Messages ?? [];
  };

  const gatherBatch = async (): Promise<Message[]> => {
    const batch = await receive(batchSize, waitTimeSeconds);
    if (batch.length === 0 || windowMs === 0) return batch;
    const windowEnds = Date.now() + windowMs;
    while (batch.length < batchSize && Date.now() < windowEnds && !stopped) {
      const more = await receive(
        batchSize - batch.length,
        Math.min(waitTimeSeconds, Math.ceil((windowEnds - Date.now()) / 1000)),
      );
      batch.push(...more);
    }
    return batch;
  };

  const invoke = async (messages: Message[]) => {
    const records = messages.map((m) => toSqsRecord(m, options.queueArn, region));
    const messageIds = records.map((r) => r.messageId);
    let succeeded: string[] | undefined;
    let error: string | undefined;
    try {
      const response = await withTimeout(fn, () =>
        options.handler({ Records: records }, createLambdaContext(fn, region)),
      );
      succeeded = successfulMessageIds(messageIds, response);
      if (!succeeded) error = 'invalid batchItemFailures in the response: the whole batch failed';
    } catch (e) {
      error = (e as Error).message;
    }
    const toDelete = messages.filter((m) => succeeded?.includes(m.MessageId ?? ''));
    if (toDelete.length > 0) await deleteMessages(sqs, options.queueUrl, toDelete);
    const deleted = toDelete.map((m) => m.MessageId ?? '');
    const retained = messageIds.filter((id) => !deleted.includes(id));
    if (error || retained.length > 0) {
      log(
        `${fn.id}: ${retained.length}/${messageIds.length} message(s) left for redelivery${error ? ` (${error})` : ''}`,
      );
    }
    options.onBatch?.({ messageIds, deleted, retained, ...(error ? { error } : {}) });
  };

  const loop = async () => {
    while (!stopped) {
      try {
        const batch = await gatherBatch();
        if (batch.length === 0) continue;
        if (stopped) {
          // Received while shutting down: hand them straight back instead of hiding
          // them for a whole visibility timeout.
          await sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: batch.map((m, i) => ({
                Id: String(i),
                ReceiptHandle: m.ReceiptHandle ?? '',
                VisibilityTimeout: 0,
              })),
            }),
          );
          break;
        }
        await invoke(batch);
      } catch (error) {
        if (stopped) break;
        log(`${fn.id}: polling ${options.queueUrl} failed: ${(error as Error).message}`);
        await sleep(1000);
      }
    }
  };

  const loops = Array.from({ length: Math.max(1, options.maxConcurrency ?? 2) }, () => loop());
  return {
    stop: async () => {
      stopped = true;
      await Promise.allSettled(loops);
      if (!options.sqs) sqs.destroy();
    },
  };
}
