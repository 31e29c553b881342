import type { z } from 'zod';
import type { BusinessCalendar } from './business-calendar.ts';
import type { Case, CaseResult, CaseStatus } from './case.ts';
import type { Actor, CaseEvent } from './case-event.ts';
import type { RoutingDecision } from './case-routing.ts';
import type { Channel } from './channel.ts';
import type { CitizenNotificationStep, OutboxIntent } from './outbox-intent.ts';
import type { PublicCaseSubmission } from './public-contracts.ts';
import { legalDueAt, slaDueAt } from './sla-clock.ts';
import type { ValidationMessageKey } from './validation-messages.ts';
import type { WorkType } from './work-type.ts';

/** A validated submission from any intake: the citizen's own (self-service channels) or staff-assisted. */
export type ValidatedSubmission = Omit<z.output<typeof PublicCaseSubmission>, 'channel'> & {
  channel: Channel;
};

export interface RuleViolation {
  path: string;
  message: ValidationMessageKey;
}

/** Business rules a submission must meet beyond its shape, given its work type. */
export function checkSubmissionRules(s: ValidatedSubmission, workType: WorkType): RuleViolation[] {
  const violations: RuleViolation[] = [];
  if (workType.requiresLocation && !s.location)
    violations.push({ path: 'location', message: 'location.required' });
  return violations;
}

export interface OpenCaseInput {
  submission: ValidatedSubmission;
  workType: WorkType;
  cityId: string;
  catalogVersion: string;
  configVersion?: number;
  caseId: string;
  eventId: string;
  trackingNo: string;
  actor: Actor;
  now: Date;
  /** The intake channel when staff record it (call centre, muhtar, CİMER…); else the submission's. */
  channel?: Channel;
  /** The calendar the SLA and legal clocks count on (`defaultCalendar` until tenants configure theirs). */
  calendar: BusinessCalendar;
}

/** `{ legalDueAt }` when the channel or work type carries a statutory deadline, else nothing. */
function legalDeadline(channel: Channel, now: Date, calendar: BusinessCalendar, workTypeCode: string) {
  const due = legalDueAt(channel, now, calendar, workTypeCode);
  return due ? { legalDueAt: due.toISOString() } : {};
}

/**
 * A new case as filed: status NEW, SLA due from the work type's target, and the
 * intent to route it. Routing is asynchronous so that intake never waits on it.
 */
export function openCase(input: OpenCaseInput): { case: Case; event: CaseEvent; intents: OutboxIntent[] } {
  const at = input.now.toISOString();
  const s = input.submission;
  const channel = input.channel ?? s.channel;
  const c: Case = {
    id: input.caseId,
    cityId: input.cityId,
    trackingNo: input.trackingNo,
    status: 'NEW',
    workTypeCode: input.workType.code,
    catalogVersion: input.catalogVersion,
    ...(input.configVersion ? { configVersion: input.configVersion } : {}),
    kind: input.workType.kind,
    priority: input.workType.defaultPriority,
    channel,
    description: s.description,
    ...(s.location ? { location: s.location } : {}),
    attachments: s.attachments,
    ...(s.contact ? { contact: s.contact } : {}),
    consent: s.consent,
    createdAt: at,
    updatedAt: at,
    slaDueAt: slaDueAt(input.workType, input.now, input.calendar).toISOString(),
    ...legalDeadline(channel, input.now, input.calendar, input.workType.code),
    version: 1,
  };
  const event: CaseEvent = {
    caseId: c.id,
    eventId: input.eventId,
    at,
    type: 'created',
    actor: input.actor,
    visibility: 'public',
    status: 'NEW',
    data: { channel, workTypeCode: c.workTypeCode },
  };
  return {
    case: c,
    event,
    intents: [
      { intent: 'route-case', caseId: c.id, eventId: input.eventId },
      // Like every timeline event, the opening feeds the dashboards' counters.
      { intent: 'analytics', caseId: c.id, eventId: input.eventId, eventType: 'created' },
    ],
  };
}

/** The routing worker, as it appears on timelines and in closing results. */
const ROUTING_ACTOR: Actor = { kind: 'system', id: 'routing' };

/**
 * Applies a routing decision to a NEW case; undefined when the case is no longer
 * NEW (a redelivered message: routing happens once).
 *
 * - `routed`: the owning tenant and department take it (ROUTED);
 * - `triage`: it waits for a metropolitan coordinator (TRIAGE);
 * - `referred`: it belongs to an institution outside the platform, so it is
 *   closed at first contact as REFERRED_EXTERNAL with a public answer telling
 *   the citizen where to go (in their notification language).
 *
 * Two events: the public one (`routed`, or `closed` for a referral) carries no
 * internals; an internal `note` of kind `routing` carries the decision's full
 * explanation (rule, inputs, located district and method, override, triage reason).
 */
export function applyRouting(
  c: Case,
  decision: RoutingDecision,
  newEventId: () => string,
  now: Date,
): { after: Case; events: CaseEvent[]; intents: OutboxIntent[] } | undefined {
  if (c.status !== 'NEW') return undefined;
  const at = now.toISOString();
  const owner = { ownerTenantId: decision.tenantId, ownerDepartmentCode: decision.departmentCode };
  const located =
    c.location && decision.districtTenantId
      ? { location: { ...c.location, districtTenantId: decision.districtTenantId } }
      : {};
  const base = { ...c, ...owner, ...located, routedAt: at, updatedAt: at, version: c.version + 1 };
  // Where the case is, on the internal note, for the dashboards' maps: counted once, at the
  // event that located it.
  const area = {
    ...(decision.districtTenantId ? { districtTenantId: decision.districtTenantId } : {}),
    ...(decision.explanation.location?.neighbourhood
      ? { neighbourhood: decision.explanation.location.neighbourhood }
      : c.location?.neighbourhood
        ? { neighbourhood: c.location.neighbourhood }
        : {}),
  };
  const event = (
    status: CaseStatus,
    type: CaseEvent['type'],
    visibility: CaseEvent['visibility'],
    data: Record<string, unknown>,
  ): CaseEvent => ({
    caseId: c.id,
    eventId: newEventId(),
    at,
    type,
    actor: ROUTING_ACTOR,
    visibility,
    status,
    tenantId: decision.tenantId,
    departmentCode: decision.departmentCode,
    data,
  });
  const explained = (status: CaseStatus, extra: Record<string, unknown> = {}) =>
    event(status, 'note', 'internal', {
      kind: 'routing',
      ...extra,
      ...area,
      explanation: decision.explanation,
    });

  let after: Case;
  let events: CaseEvent[];
  let notify: CitizenNotificationStep | undefined;
  switch (decision.outcome) {
    case 'routed':
      after = { ...base, status: 'ROUTED' };
      events = [event('ROUTED', 'routed', 'public', { outcome: 'routed' }), explained('ROUTED')];
      notify = 'routed';
      break;
    case 'triage':
      after = { ...base, status: 'TRIAGE' };
      events = [
        event('TRIAGE', 'routed', 'public', { outcome: 'triage' }),
        explained('TRIAGE', { triageReason: decision.reason }),
      ];
      break;
    case 'referred': {
      const language = c.contact?.preference.language ?? 'tr';
      const { institution, publicAnswer } = decision;
      const result: CaseResult = {
        code: 'REFERRED_EXTERNAL',
        publicAnswer: publicAnswer[language],
        internalNote: decision.explanation.summary.tr,
        evidence: {
          institution: {
            name: institution.name[language],
            ...(institution.phone ? { phone: institution.phone } : {}),
          },
        },
        at,
        by: ROUTING_ACTOR,
      };
      after = { ...base, status: 'CLOSED', result, resolvedAt: at, closedAt: at };
      events = [
        event('CLOSED', 'closed', 'public', {
          resultCode: result.code,
          publicAnswer: result.publicAnswer,
          // Both languages, so the track page can answer in the reader's language.
          publicAnswerText: publicAnswer,
          institution: { name: institution.name, ...(institution.phone ? { phone: institution.phone } : {}) },
          atFirstContact: true,
          corrected: false,
          slaDueAt: c.slaDueAt,
        }),
        explained('CLOSED', { resultCode: result.code }),
      ];
      notify = 'closed';
      break;
    }
  }
  const [shown] = events;
  const intents: OutboxIntent[] = events.map((e) => ({
    intent: 'analytics',
    caseId: c.id,
    eventId: e.eventId,
    eventType: e.type,
  }));
  if (notify && shown)
    intents.push({ intent: 'notify-citizen', caseId: c.id, eventId: shown.eventId, step: notify });
  return { after, events, intents };
}
