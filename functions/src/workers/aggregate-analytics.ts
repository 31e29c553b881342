import { eventAnalyticsDeltas, OutboxIntent } from '@citydesk/domain';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { analyticsContextOf, analyticsRepository } from '#platform/analytics-runtime.ts';
import { logger } from '#platform/logger.ts';
import { queueWorker, recordFailure } from '#platform/worker-handler.ts';
import { queues } from '../manifest.ts';

/*
 * The analytics consumer (docs/domain/analytics.md): for each timeline event, the
 * counter increments the domain derives from the case and its timeline up to that
 * event, applied with ADD in one transaction with the event's marker item. A
 * redelivered event finds its marker and adds nothing, so counts stay exact under
 * at-least-once delivery; events arriving out of order add the same as in order,
 * because each event's increments depend only on what preceded it on the timeline.
 *
 * Each message is its own transaction (no merging across the batch): a merged
 * transaction would fail as a whole when one event's marker exists, and the per-event
 * cost is dominated by the rows each event touches, not by the transaction count.
 */

/** Counts one event of one case exactly once. */
export async function aggregateEvent(
  caseId: string,
  eventId: string,
  now = new Date(),
): Promise<'applied' | 'already-applied' | 'no-case' | 'nothing-to-count'> {
  const stored = await analyticsRepository.caseWithTimeline(caseId);
  if (!stored) return 'no-case';
  const ctx = await analyticsContextOf(stored.case);
  const rows = eventAnalyticsDeltas(stored.case, stored.events, eventId, ctx);
  if (!stored.events.some((e) => e.eventId === eventId)) return 'nothing-to-count';
  const { applied } = await analyticsRepository.applyEvent(stored.case.cityId, caseId, eventId, rows, now);
  return applied > 0 ? 'applied' : 'already-applied';
}

export const handler = queueWorker(queues.analytics, aggregateBatch);

async function aggregateBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  // One after the other: every event touches its city's gauge rows, so transactions of
  // one batch run side by side would only collide with each other on them.
  for (const record of event.Records) {
    await (async () => {
      try {
        const intent = OutboxIntent.parse(JSON.parse(record.body));
        if (intent.intent !== 'analytics') throw new Error(`unexpected intent ${intent.intent}`);
        const outcome = await aggregateEvent(intent.caseId, intent.eventId);
        if (outcome === 'no-case' || outcome === 'nothing-to-count')
          logger.warn('analytics event not counted', {
            caseId: intent.caseId,
            eventId: intent.eventId,
            outcome,
          });
      } catch (err) {
        logger.error('analytics event failed; message will be retried', {
          messageId: record.messageId,
          error: err as Error,
        });
        recordFailure(record, err);
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    })();
  }
  return { batchItemFailures };
}
