import { type CaseAccessFacts, caseAccessFacts } from './authorization.ts';
import type { Case, ClosingEvidence, ResultCode } from './case.ts';
import type { CaseEvent } from './case-event.ts';
import type { RuleViolation } from './case-intake.ts';
import { addComment, applyCommand, type LifecycleContext } from './case-lifecycle.ts';
import type { Channel } from './channel.ts';
import type { OutboxIntent } from './outbox-intent.ts';

/*
 * The call-centre console's two shortcuts through the lifecycle (docs/domain/
 * call-centre.md). Both go through the ordinary rules (`applyCommand`, `addComment`),
 * so an agent can do nothing here that the case screen would refuse.
 */

/** A case as `openCase` filed it, before it is stored. */
export interface FiledCase {
  case: Case;
  event: CaseEvent;
  intents: OutboxIntent[];
}

/** The filed case, closed in the same transaction: what the repository writes. */
export interface ClosedAtIntakeCase {
  case: Case;
  event: CaseEvent;
  followingEvents: CaseEvent[];
  intents: OutboxIntent[];
}

export type CloseAtIntakeOutcome =
  | ({ ok: true } & ClosedAtIntakeCase)
  | { ok: false; error: 'forbidden' }
  | { ok: false; error: 'rule-violation'; violations: RuleViolation[] };

/**
 * Closes a case being filed in the same call: an information request answered at
 * once (INFO_GIVEN…), or a report of something already reported (DUPLICATE with the
 * master). The case is owned by the answering agent's tenant (nobody else worked it)
 * and is never routed; the `close` command's first-contact rules apply unchanged
 * (result code allowed at first contact, its evidence, the agent's `case.close`). The
 * timeline shows both `created` and `closed`, and the citizen is notified of the
 * answer per their preference, as for any first-contact closure.
 */
export function closeAtIntake(
  filed: FiledCase,
  result: {
    resultCode: ResultCode;
    publicAnswer: string;
    internalNote: string;
    evidence?: ClosingEvidence;
  },
  ctx: Omit<LifecycleContext, 'facts'>,
): CloseAtIntakeOutcome {
  const owned: Case = { ...filed.case, ownerTenantId: ctx.principal.tenantId };
  const facts: CaseAccessFacts = caseAccessFacts(owned, { filedByUserId: ctx.principal.userId });
  const outcome = applyCommand(
    owned,
    {
      action: 'close',
      expectedVersion: owned.version,
      resultCode: result.resultCode,
      publicAnswer: result.publicAnswer,
      internalNote: result.internalNote,
      ...(result.evidence ? { evidence: result.evidence } : {}),
    },
    { ...ctx, facts },
  );
  if (!outcome.ok) {
    if (outcome.error === 'rule-violation') return outcome;
    // A NEW case is always closable by status: anything else is the principal's lack of right.
    return { ok: false, error: 'forbidden' };
  }
  // The `created` event keeps its analytics intent; the routing intent goes, nothing routes a closed case.
  return {
    ok: true,
    case: outcome.after,
    event: { ...filed.event, tenantId: ctx.principal.tenantId },
    followingEvents: outcome.events,
    intents: [...filed.intents.filter((i) => i.intent !== 'route-case'), ...outcome.intents],
  };
}

/** Statuses in which a caller's new statement is added to the case rather than a new case opened. */
export const STATEMENT_STATUSES: readonly Case['status'][] = [
  'NEW',
  'TRIAGE',
  'ROUTED',
  'ACCEPTED',
  'ASSIGNED',
  'IN_PROGRESS',
  'ON_HOLD',
];

/**
 * The caller's new statement on their open case: an internal comment (staff read it;
 * the citizen said it, so it is not news to them) that records the channel it came
 * by. Needs `case.comment`, like any comment.
 */
export function recordCallerStatement(
  c: Case,
  input: { statementId: string; text: string; channel: Channel },
  ctx: Pick<LifecycleContext, 'principal' | 'facts' | 'now' | 'newEventId'>,
):
  | { ok: true; events: CaseEvent[]; intents: OutboxIntent[] }
  | { ok: false; error: 'forbidden' | 'case-ended' } {
  if (!STATEMENT_STATUSES.includes(c.status)) return { ok: false, error: 'case-ended' };
  const outcome = addComment(
    c,
    { text: input.text, visibility: 'internal', commentId: input.statementId },
    ctx,
  );
  if (!outcome.ok) return outcome;
  for (const e of outcome.events) e.data = { ...e.data, kind: 'caller-statement', channel: input.channel };
  return outcome;
}
