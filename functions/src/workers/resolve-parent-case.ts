import { VersionConflictError } from '@citydesk/data';
import { type Case, OutboxIntent, resolveParentIfComplete } from '@citydesk/domain';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { caseRepository } from '#platform/case-runtime.ts';
import { lifecycleReferenceFor } from '#platform/lifecycle-runtime.ts';
import { logger } from '#platform/logger.ts';
import { queueWorker, recordFailure } from '#platform/worker-handler.ts';
import { queues } from '../manifest.ts';

const MAX_ATTEMPTS = 3;

/**
 * A split case's child reached its end: when all children have, the parent (the
 * case the citizen tracks) resolves. Idempotent: a redelivered message finds the
 * parent resolved already, and the version check makes two children finishing at
 * once resolve the parent once.
 */
export async function resolveParent(parentId: string): Promise<'resolved' | 'waiting' | 'already-resolved'> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const parent = await caseRepository.getCase(parentId);
    if (!parent) throw new Error(`parent case ${parentId} not found`);
    if (parent.status === 'RESOLVED' || parent.status === 'CLOSED') return 'already-resolved';
    const children = (
      await Promise.all((parent.childCaseIds ?? []).map((id) => caseRepository.getCase(id)))
    ).filter((c): c is Case => c !== undefined);
    const resolved = resolveParentIfComplete(parent, children, await lifecycleReferenceFor(parent));
    if (!resolved) return 'waiting';
    try {
      await caseRepository.saveTransition({ before: parent, ...resolved });
      return 'resolved';
    } catch (err) {
      if (!(err instanceof VersionConflictError)) throw err;
    }
  }
  throw new Error(`parent case ${parentId}: gave up after ${MAX_ATTEMPTS} version conflicts`);
}

export const handler = queueWorker(queues.lifecycle, resolveBatch);

async function resolveBatch(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const intent = OutboxIntent.parse(JSON.parse(record.body));
      if (intent.intent !== 'child-resolved') throw new Error(`unexpected intent ${intent.intent}`);
      const outcome = await resolveParent(intent.caseId);
      logger.info('parent case check', { caseId: intent.caseId, childCaseId: intent.childCaseId, outcome });
    } catch (err) {
      recordFailure(record, err);
      logger.error('parent case check failed; message will be retried', {
        messageId: record.messageId,
        error: err as Error,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
