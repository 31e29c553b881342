import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { newId, VersionConflictError } from '@citydesk/data';
import { applyRouting, decideRouting, OutboxIntent, slaDueAt } from '@citydesk/domain';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { caseRepository } from '#platform/case-runtime.ts';
import { caseCityRuntime } from '#platform/city-runtime.ts';
import { routingAdditions } from '#platform/incident-runtime.ts';
import { logger } from '#platform/logger.ts';
import { queueWorker, recordFailure } from '#platform/worker-handler.ts';
import { queues } from '../manifest.ts';

/** Concurrent writers are rare here (a duplicate delivery); a few reloads settle it. */
const MAX_ATTEMPTS = 3;

/**
 * Routes a NEW case by the city's routing configuration: to its owning tenant and
 * department, to the metropolitan coordinators' triage, or closed as referred to
 * an outside institution; the timeline gets the public event and an internal note
 * explaining the decision. Idempotent: a redelivered message finds the case no
 * longer NEW and stops, and optimistic locking makes two simultaneous deliveries
 * produce one routing.
 */
export async function routeCase(
  caseId: string,
): Promise<'routed' | 'triage' | 'referred' | 'already-routed'> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await caseRepository.getCase(caseId);
    if (!current) throw new Error(`case ${caseId} not found`);
    // Routed by the configuration the case was opened under (its explanation cites that version).
    const runtime = await caseCityRuntime(current);
    const workType = runtime.workTypesByCode.get(current.workTypeCode);
    if (!workType) throw new Error(`case ${caseId} has unknown work type ${current.workTypeCode}`);
    const decision = decideRouting(runtime.routing, {
      workType,
      location: current.location,
      description: current.description,
    });
    const now = new Date();
    const routed = applyRouting(current, decision, newId, now);
    if (!routed) return 'already-routed';
    if (decision.outcome === 'routed') {
      // Intake started the clock on the city's calendar with the standard SLA; the owner's
      // own SLA hours and business calendar decide from here on.
      const asWorked = runtime.workTypeFor(workType.code, decision.tenantId) ?? workType;
      routed.after.slaDueAt = slaDueAt(
        asWorked,
        new Date(current.createdAt),
        runtime.calendarFor(decision.tenantId),
        current.priority,
      ).toISOString();
    }
    // An incident of its owner covering it, and its neighbourhood's list (incident-runtime.ts).
    const additions = await routingAdditions({ routed: routed.after, decision, workType, now });
    try {
      await caseRepository.saveTransition({
        before: current,
        after: additions.after,
        events: [...routed.events, ...additions.events],
        intents: [...routed.intents, ...additions.intents],
        extraItems: additions.extraItems,
      });
      return decision.outcome;
    } catch (err) {
      // The incident ended while the case was being routed: read again, without it.
      const incidentEnded = additions.incidentId !== undefined && err instanceof TransactionCanceledException;
      if (!(err instanceof VersionConflictError) && !incidentEnded) throw err;
    }
  }
  throw new Error(`case ${caseId}: gave up after ${MAX_ATTEMPTS} version conflicts`);
}

export const handler = queueWorker(queues.routing, routeBatch);

async function routeBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const intent = OutboxIntent.parse(JSON.parse(record.body));
      const outcome = await routeCase(intent.caseId);
      logger.info('case routing', { caseId: intent.caseId, outcome });
    } catch (err) {
      recordFailure(record, err);
      logger.error('routing failed; message will be retried', {
        messageId: record.messageId,
        error: err as Error,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
