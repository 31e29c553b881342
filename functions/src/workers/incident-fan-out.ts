import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import {
  createSqsClient,
  incidentEndedOnceKey,
  newId,
  requireEnv,
  VersionConflictError,
} from '@citydesk/data';
import {
  endIncidentForCase,
  fanOutChunks,
  type Incident,
  type IncidentFanOutMessage,
  IncidentFanOutMessage as IncidentFanOutMessageSchema,
} from '@citydesk/domain';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { caseRepository } from '#platform/case-runtime.ts';
import { incidentRepository } from '#platform/incident-runtime.ts';
import { logger } from '#platform/logger.ts';
import { queueWorker, recordFailure } from '#platform/worker-handler.ts';
import { queues } from '../manifest.ts';

/*
 * An ended incident's fan-out (docs/domain/incidents.md). The end route queues one
 * `plan` message; each plan reads one page of attached case ids (keys only, never the
 * whole list: an outage can gather ten thousand calls), queues them as `cases` chunks
 * in batches of ten messages, and queues the next page's plan. Each chunk answers its
 * cases: still open ones are resolved with the closing message, those with a result
 * already are told the incident is over; either way the citizen's message goes through
 * the ordinary notification pipeline from the case's outbox.
 *
 * At least once, everywhere: a repeated plan queues the same chunks again, and a
 * repeated chunk changes nothing, because resolving is conditional on the case's
 * version (a resolved case is no longer open) and the "incident over" events are
 * recorded once per (incident, case). So each attached citizen gets exactly one
 * message, whatever is redelivered.
 */

const sqs = createSqsClient();
const queueUrl = () => requireEnv(queues.incidents.envVar);
const MAX_ATTEMPTS = 3;

async function send(messages: IncidentFanOutMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages.slice(i, i + 10);
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl(),
        Entries: batch.map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m) })),
      }),
    );
    // The whole plan is retried: chunks already queued are harmless to queue again.
    if (result.Failed?.length) throw new Error(`${result.Failed.length} fan-out messages were not queued`);
  }
}

/** One page of attached cases into chunks, then the next page. */
export async function planFanOut(incidentId: string, cursor?: string): Promise<number> {
  const page = await incidentRepository.attachedCaseIds(incidentId, cursor);
  const messages: IncidentFanOutMessage[] = fanOutChunks(page.caseIds).map((caseIds) => ({
    kind: 'cases',
    incidentId,
    caseIds,
  }));
  if (page.nextCursor) messages.push({ kind: 'plan', incidentId, cursor: page.nextCursor });
  await send(messages);
  return page.caseIds.length;
}

export type CaseEndOutcome = 'resolved' | 'notified' | 'already-done' | 'skipped';

/** Ends the incident for one attached case, once. */
export async function endForCase(incident: Incident, caseId: string): Promise<CaseEndOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const c = await caseRepository.getCase(caseId);
    if (!c) return 'skipped';
    const change = endIncidentForCase(c, incident, newId, new Date());
    if (!change) return 'skipped';
    if (change.action === 'notify') {
      const appended = await caseRepository.appendOnce(
        caseId,
        incidentEndedOnceKey(incident.id),
        change.events,
        change.intents,
      );
      return appended === 'appended' ? 'notified' : 'already-done';
    }
    const marker = incidentRepository.endedMarkerItem(
      caseId,
      incident.id,
      change.events[0]?.eventId ?? caseId,
    );
    try {
      await caseRepository.saveTransition({
        before: c,
        after: change.after,
        events: change.events,
        intents: change.intents,
        extraItems: [marker],
      });
      return 'resolved';
    } catch (err) {
      // The end was applied already (the marker is the transaction's last item).
      if (
        err instanceof TransactionCanceledException &&
        err.CancellationReasons?.at(-1)?.Code === 'ConditionalCheckFailed'
      )
        return 'already-done';
      // Someone changed the case meanwhile: look again.
      if (!(err instanceof VersionConflictError)) throw err;
    }
  }
  throw new Error(`case ${caseId}: gave up after ${MAX_ATTEMPTS} version conflicts`);
}

/** Ends the incident for a chunk of cases, side by side. */
export async function endForCases(incidentId: string, caseIds: readonly string[]): Promise<CaseEndOutcome[]> {
  const incident = await incidentRepository.get(incidentId);
  if (!incident) throw new Error(`incident ${incidentId} not found`);
  if (incident.status !== 'ENDED') throw new Error(`incident ${incidentId} has not ended`);
  return Promise.all(caseIds.map((id) => endForCase(incident, id)));
}

export const handler = queueWorker(queues.incidents, fanOutBatch);

async function fanOutBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const message = IncidentFanOutMessageSchema.parse(JSON.parse(record.body));
      if (message.kind === 'plan') {
        const count = await planFanOut(message.incidentId, message.cursor);
        logger.info('incident fan-out page queued', { incidentId: message.incidentId, cases: count });
      } else {
        const outcomes = await endForCases(message.incidentId, message.caseIds);
        logger.info('incident ended for cases', {
          incidentId: message.incidentId,
          outcomes: Object.fromEntries([...Map.groupBy(outcomes, (o) => o)].map(([k, v]) => [k, v.length])),
        });
      }
    } catch (err) {
      recordFailure(record, err);
      logger.error('incident fan-out failed; message will be retried', {
        messageId: record.messageId,
        error: err as Error,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
