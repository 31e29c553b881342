import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createSqsClient, newImageOf, requireEnv } from '@citydesk/data';
import { OutboxIntent } from '@citydesk/domain';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#platform/logger.ts';
import { workerHandler } from '#platform/worker-handler.ts';
import { intentQueues, type QueueName, queues } from '../manifest.ts';

const sqs = createSqsClient();
const queueUrls = Object.fromEntries(
  Object.values(queues).map((q) => [q.name, requireEnv(q.envVar)]),
) as Record<QueueName, string>;

interface Pending {
  sequenceNumber: string;
  queue: QueueName;
  intent: OutboxIntent;
}

/**
 * The transactional outbox's relay: forwards each new outbox item from the table's
 * stream to the queue its intent belongs to. Delivery is at least once; consumers
 * deduplicate. On a failed send we report the earliest failed record so the stream
 * retries from there and never skips an intent.
 */
export const handler = workerHandler(relayOutbox);

async function relayOutbox(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const pending: Pending[] = [];
  for (const record of event.Records) {
    // Most stream records are cases, events and directory entries: skip them before
    // unmarshalling, so no other item's shape can ever hold up the outbox.
    if (record.eventName !== 'INSERT' || record.dynamodb?.NewImage?.entity?.S !== 'Outbox') continue;
    const item = newImageOf(record);
    if (!item) continue;
    const parsed = OutboxIntent.safeParse(item.intent);
    if (!parsed.success) {
      // Our own code wrote it, so a retry cannot fix it: log loudly and keep the stream moving.
      logger.error('malformed outbox item', { pk: item.pk, sk: item.sk, issues: parsed.error.issues });
      continue;
    }
    // One intent may feed several queues (analytics also feeds the webhooks).
    for (const queue of intentQueues[parsed.data.intent]) {
      pending.push({ sequenceNumber: record.dynamodb?.SequenceNumber ?? '', queue, intent: parsed.data });
    }
  }

  let earliestFailure: string | undefined;
  for (let i = 0; i < pending.length && !earliestFailure; i += 10) {
    const chunk = pending.slice(i, i + 10);
    const byQueue = Map.groupBy(chunk, (p) => p.queue);
    for (const [queue, entries] of byQueue) {
      const ids = entries.map((_, n) => String(n));
      try {
        const result = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrls[queue],
            Entries: entries.map((p, n) => ({
              Id: ids[n],
              MessageBody: JSON.stringify(p.intent),
              MessageAttributes: { intent: { DataType: 'String', StringValue: p.intent.intent } },
            })),
          }),
        );
        const failed = new Set((result.Failed ?? []).map((f) => Number(f.Id)));
        const first = entries.find((_, n) => failed.has(n));
        if (first) earliestFailure = minSequence(earliestFailure, first.sequenceNumber);
      } catch (err) {
        logger.warn('outbox send failed; the stream will retry', { queue, error: err as Error });
        earliestFailure = minSequence(earliestFailure, entries[0]?.sequenceNumber ?? '');
      }
    }
  }
  return { batchItemFailures: earliestFailure ? [{ itemIdentifier: earliestFailure }] : [] };
}

/** Stream sequence numbers are decimal strings of varying length: compare numerically. */
function minSequence(a: string | undefined, b: string): string {
  if (a === undefined) return b;
  return BigInt(a) <= BigInt(b) ? a : b;
}
