import {
  createDocumentClient,
  type DeadLetterNote,
  type DeadLetterNoteStore,
  DeadLetterRepository,
  mainTable,
} from '@citydesk/data';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueDefinition } from '../manifest.ts';
import { describeFailure } from './dead-letter-reasons.ts';
import { observeInvocation } from './invocation-observability.ts';
import { logger } from './logger.ts';
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

/** A failure a consumer recorded for one record of the batch it is working on. */
interface RecordedFailure {
  error: unknown;
  at: Date;
}

/*
 * Keyed by the record object itself: each invocation has its own event, so failures
 * never leak between invocations, even when the local cloud runs several batches of
 * one consumer side by side in one process, and nothing needs clearing afterwards.
 */
const recordedFailures = new WeakMap<SQSRecord, RecordedFailure>();

/**
 * Records why a record failed, for its dead-letter note: call it in the consumer's
 * catch block, next to the `batchItemFailures` push. The last call for a record wins.
 */
export function recordFailure(record: SQSRecord, error: unknown): void {
  recordedFailures.set(record, { error, at: new Date() });
}

/** Options of {@link queueWorker}: tests hand in their own note store. */
export interface QueueWorkerOptions {
  notes?: DeadLetterNoteStore;
}

let defaultNotes: DeadLetterNoteStore | undefined;

/** The main table's notes, created at first use: most invocations never write one. */
function notesFromEnvironment(): DeadLetterNoteStore | undefined {
  const table = process.env[mainTable.envVar];
  if (!table) return undefined;
  defaultNotes ??= new DeadLetterRepository(createDocumentClient(), table);
  return defaultNotes;
}

/**
 * Wraps an SQS consumer that reports partial batch failures. Besides what
 * {@link workerHandler} does, for the messages that failed on their last allowed
 * receive it counts `MessagesToDeadLetterQueue` (by queue: SQS moves them to the DLQ on
 * the next receive, and this metric says so minutes before the DLQ depth alarm can),
 * and stores a note per failed message (on every failed receive, so the note survives
 * a last receive that crashed) with the reason the consumer recorded
 * ({@link recordFailure}), or the error the whole batch threw. The DLQ tooling joins
 * notes to the DLQ's messages by MessageId, which SQS keeps when it moves a message.
 */
export function queueWorker(
  queue: Pick<QueueDefinition, 'name' | 'maxReceiveCount'>,
  fn: WorkerFunction<SQSEvent, SQSBatchResponse>,
  options: QueueWorkerOptions = {},
): WorkerFunction<SQSEvent, SQSBatchResponse> {
  const report = async (event: SQSEvent, failed: SQSBatchResponse | 'all', thrown?: unknown) => {
    const deadLettered = deadLetteredRecords(event, failed, queue.maxReceiveCount);
    if (deadLettered.length > 0)
      countMetricBy(businessMetrics.messagesToDeadLetterQueue, 'queue', queue.name, deadLettered.length);
    // A note on every failed receive, not only the last: when the last receive ends in a
    // crash or a timeout (no catch block runs), the message still reaches the DLQ, and
    // the failure before it is the best reason there is. Failures are rare; a note is one write.
    const failedRecords = failedRecordsOf(event, failed);
    if (failedRecords.length === 0) return;
    await storeNotes(
      options.notes ?? notesFromEnvironment(),
      failedRecords.map((record) => deadLetterNote(queue.name, record, recordedFailures.get(record), thrown)),
    );
  };
  return workerHandler(async (event, context) => {
    let response: SQSBatchResponse;
    try {
      response = await fn(event, context);
    } catch (err) {
      // A thrown batch fails every message in it.
      await report(event, 'all', err);
      throw err;
    }
    await report(event, response);
    return response;
  });
}

/**
 * The note of a failed message. Every receive of a failed message failed (a success
 * deletes it), so its first receive time is its first failure.
 */
export function deadLetterNote(
  queue: string,
  record: SQSRecord,
  recorded: RecordedFailure | undefined,
  thrown?: unknown,
  now: Date = new Date(),
): DeadLetterNote {
  const firstReceive = Number(record.attributes?.ApproximateFirstReceiveTimestamp);
  const lastFailure = recorded?.at ?? now;
  const reason =
    recorded !== undefined
      ? describeFailure(recorded.error)
      : thrown !== undefined
        ? describeFailure(thrown)
        : {
            errorName: 'Unrecorded',
            errorMessage:
              'The consumer reported this message as failed without recording why (see its logs).',
          };
  return {
    queue,
    messageId: record.messageId,
    receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1'),
    firstFailureAt: new Date(
      Number.isFinite(firstReceive) ? firstReceive : lastFailure.getTime(),
    ).toISOString(),
    lastFailureAt: lastFailure.toISOString(),
    ...reason,
  };
}

/**
 * Writes the notes side by side. A note is an aid to the operator, never a reason to
 * fail the batch: SQS would then redeliver messages that already succeeded.
 */
async function storeNotes(store: DeadLetterNoteStore | undefined, notes: DeadLetterNote[]): Promise<void> {
  if (!store) {
    logger.warn('no table for dead-letter notes', { messageIds: notes.map((n) => n.messageId) });
    return;
  }
  const results = await Promise.allSettled(notes.map((note) => store.record(note)));
  results.forEach((result, i) => {
    if (result.status === 'rejected')
      logger.warn('could not store a dead-letter note', {
        messageId: notes[i]?.messageId,
        error: (result.reason as Error)?.name,
      });
  });
}

/** The batch's failed records (`'all'`: the whole batch). */
function failedRecordsOf(event: SQSEvent, failed: SQSBatchResponse | 'all'): SQSRecord[] {
  if (failed === 'all') return event.Records;
  const ids = new Set(failed.batchItemFailures.map((f) => f.itemIdentifier));
  return event.Records.filter((r) => ids.has(r.messageId));
}

/** The batch's failed records (`'all'`: the whole batch) that have used up their receives. */
export function deadLetteredRecords(
  event: SQSEvent,
  failed: SQSBatchResponse | 'all',
  maxReceiveCount: number,
): SQSRecord[] {
  return failedRecordsOf(event, failed).filter(
    (r) => Number(r.attributes?.ApproximateReceiveCount ?? '1') >= maxReceiveCount,
  );
}

/** How many of the batch's failed messages (`'all'`: the whole batch) have used up their receives. */
export function countDeadLettered(
  event: SQSEvent,
  failed: SQSBatchResponse | 'all',
  maxReceiveCount: number,
): number {
  return deadLetteredRecords(event, failed, maxReceiveCount).length;
}
