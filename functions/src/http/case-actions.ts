import { TrackingNumberTakenError, VersionConflictError } from '@citydesk/data';
import { applyCommand, type Case, CaseCommand, CaseId, validationMessages } from '@citydesk/domain';
import { resolveAssignee } from '#platform/assignee-resolution.ts';
import { loadReadableCase, timelineFacts, versionConflict } from '#platform/case-access.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { respondWithCase } from '#platform/case-view.ts';
import { httpHandler, parseJsonBody, validate } from '#platform/http-handler.ts';
import { lifecycleContext } from '#platform/lifecycle-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/** A split's children get fresh tracking numbers; a collision (1 in 10^11) is simply retried. */
const MAX_ATTEMPTS = 3;

/**
 * Every workflow step on a case (accept, assign, resolve, transfer, split…): one
 * endpoint, one command per request. The lifecycle module decides whether the step
 * is allowed and what it changes; the write is conditional on the version the
 * caller saw, so of two people acting at once exactly one succeeds and the other
 * gets 409 with the current state.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const caseId = validate(CaseId, req.event.pathParameters?.caseId);
  const command = parseJsonBody(req, CaseCommand);
  for (let attempt = 1; ; attempt++) {
    const { case: current, events, facts } = await loadReadableCase(principal, caseId);
    if (command.expectedVersion !== current.version) throw versionConflict(current);
    const delegation = await withDelegation(command, current);
    const outcome = applyCommand(
      current,
      delegation.command,
      await lifecycleContext(principal, facts, current),
    );
    if (!outcome.ok) {
      switch (outcome.error) {
        case 'forbidden':
          throw new ProblemError('forbidden', {
            tr: 'Bu başvuruda bu işlemi yapma yetkiniz yok.',
            en: 'You may not take this action on this case.',
          });
        case 'invalid-transition':
          throw new ProblemError('business-rule-violated', {
            tr: `Bu işlem başvurunun şu anki durumunda (${outcome.from}) yapılamaz.`,
            en: `This action is not possible in the case's current status (${outcome.from}).`,
          });
        case 'rule-violation':
          throw new ProblemError(
            'business-rule-violated',
            undefined,
            outcome.violations.map((v) => ({ path: v.path, message: validationMessages[v.message] })),
          );
      }
    }
    if (delegation.deputyFor) {
      // The timeline says why someone else got the work: the intended assignee is away.
      for (const e of outcome.events)
        if (e.type === 'assigned') e.data = { ...e.data, deputyFor: delegation.deputyFor };
    }
    try {
      await caseRepository.saveTransition({
        before: current,
        after: outcome.after,
        events: outcome.events,
        intents: outcome.intents,
        newCases: outcome.children,
      });
    } catch (err) {
      if (err instanceof VersionConflictError) {
        const latest = await caseRepository.getCase(caseId);
        throw versionConflict(latest ?? current);
      }
      if (err instanceof TrackingNumberTakenError && attempt < MAX_ATTEMPTS) continue;
      throw err;
    }
    const timeline = [...events, ...outcome.events];
    return respondWithCase(req, principal, outcome.after, timeline, timelineFacts(outcome.after, timeline));
  }
});

/**
 * An assignment goes to someone in the owning tenant's directory; while that person
 * is absent, to their deputy (vekil) down the chain. Other commands pass unchanged.
 */
async function withDelegation(
  command: CaseCommand,
  c: Case,
): Promise<{ command: CaseCommand; deputyFor?: { id: string; name: string } }> {
  if (command.action !== 'assign' || !c.ownerTenantId) return { command };
  const { assignee, deputyFor } = await resolveAssignee(c.ownerTenantId, command.assignee);
  return { command: { ...command, assignee }, ...(deputyFor ? { deputyFor } : {}) };
}
