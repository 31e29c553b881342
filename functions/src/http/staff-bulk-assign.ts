import { VersionConflictError } from '@citydesk/data';
import { applyCommand, BulkAssignRequest, type BulkAssignResult } from '@citydesk/domain';
import { resolveAssignee } from '#platform/assignee-resolution.ts';
import { caseNotFound, loadReadableCase } from '#platform/case-access.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { httpHandler, json, parseJsonBody } from '#platform/http-handler.ts';
import { lifecycleContext } from '#platform/lifecycle-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

type Outcome = BulkAssignResult['results'][number]['outcome'];

/**
 * Assigns several cases to one person or team from the queue view. Each case is a
 * separate, version-checked step through the same lifecycle as a single
 * assignment, so one stale or foreign case never blocks the others: the answer
 * says what happened to each.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const request = parseJsonBody(req, BulkAssignRequest);
  // Assignments stay inside the caller's tenant: its directory decides who may receive them.
  const { assignee, deputyFor } = await resolveAssignee(principal.tenantId, request.assignee);
  const results: BulkAssignResult['results'] = [];
  for (const item of request.items) {
    results.push({ caseId: item.caseId, outcome: await assignOne(item.caseId, item.expectedVersion) });
  }
  return json(200, { results } satisfies BulkAssignResult, req.lang);

  async function assignOne(caseId: string, expectedVersion: number): Promise<Outcome> {
    let loaded: Awaited<ReturnType<typeof loadReadableCase>>;
    try {
      loaded = await loadReadableCase(principal, caseId);
    } catch (err) {
      if (err instanceof ProblemError && err.code === caseNotFound().code) return 'not-found';
      throw err;
    }
    const { case: current, facts } = loaded;
    if (current.version !== expectedVersion) return 'conflict';
    const outcome = applyCommand(
      current,
      { action: 'assign', expectedVersion, assignee },
      await lifecycleContext(principal, facts, current),
    );
    if (!outcome.ok) return outcome.error === 'forbidden' ? 'forbidden' : 'invalid-transition';
    if (deputyFor)
      for (const e of outcome.events) if (e.type === 'assigned') e.data = { ...e.data, deputyFor };
    try {
      await caseRepository.saveTransition({ before: current, ...outcome, newCases: outcome.children });
      return 'assigned';
    } catch (err) {
      if (err instanceof VersionConflictError) return 'conflict';
      throw err;
    }
  }
});
