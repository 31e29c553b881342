import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueDefinition } from '../manifest.ts';
import { observeInvocation } from './invocation-observability.ts';
import { businessMetrics, countMetricBy } from './metrics.ts';

/*
 * The wrappers of the asynchronous handlers (queue consumers, the stream relay, the
 * scheduled jobs): what httpHandler's middleware does for the API, without middy,
 * because workers are invoked directly too (tests and the local cloud's scheduler call
 * `handler(event)` without a context) and middy would hand them an empty one.
 */

/** A worker as the Lambda runtime calls it; the context is optional so tests can call it directly. */
export type WorkerFunction<E, R, C extends Partial<Context> = Context> = (
  event: E,
  context?: C,
) => Promise<R>;

/**
 * Wraps a stream or scheduled handler: cold-start metric, trace subsegment, one metrics
 * flush per invocation. Event, context and result pass through untouched.
 */
export function workerHandler<E, R, C extends Partial<Context> = Context>(
  fn: WorkerFunction<E, R, C>,
): WorkerFunction<E, R, C> {
  return async (event, context) => {
    const end = observeInvocation(context);
    try {
      const result = await fn(event, context);
      end();
      return result;
    } catch (err) {
      end(err);
      throw err;
    }
  };
}

/**
 * Wraps an SQS consumer that reports partial batch failures. Besides what
 * {@link workerHandler} does, it counts the messages that failed on their last allowed
 * receive (`MessagesToDeadLetterQueue`, by queue): SQS moves them to the DLQ on the
 * next receive, and this metric says so minutes before the DLQ depth alarm can.
 */
export function queueWorker(
  queue: Pick<QueueDefinition, 'name' | 'maxReceiveCount'>,
  fn: WorkerFunction<SQSEvent, SQSBatchResponse>,
): WorkerFunction<SQSEvent, SQSBatchResponse> {
  const report = (event: SQSEvent, failed: SQSBatchResponse | 'all') => {
    const deadLettered = countDeadLettered(event, failed, queue.maxReceiveCount);
    if (deadLettered > 0)
      countMetricBy(businessMetrics.messagesToDeadLetterQueue, 'queue', queue.name, deadLettered);
  };
  return workerHandler(async (event, context) => {
    let response: SQSBatchResponse;
    try {
      response = await fn(event, context);
    } catch (err) {
      // A thrown batch fails every message in it.
      report(event, 'all');
      throw err;
    }
    report(event, response);
    return response;
  });
}

/** How many of the batch's failed messages (`'all'`: the whole batch) have used up their receives. */
export function countDeadLettered(
  event: SQSEvent,
  failed: SQSBatchResponse | 'all',
  maxReceiveCount: number,
): number {
  const ids = failed === 'all' ? undefined : new Set(failed.batchItemFailures.map((f) => f.itemIdentifier));
  return event.Records.filter(
    (r) =>
      (ids === undefined || ids.has(r.messageId)) &&
      Number(r.attributes?.ApproximateReceiveCount ?? '1') >= maxReceiveCount,
  ).length;
}
