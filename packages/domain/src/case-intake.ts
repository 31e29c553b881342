import type { z } from 'zod';
import type { BusinessCalendar } from './business-calendar.ts';
import type { Case, CaseStatus } from './case.ts';
import type { Actor, CaseEvent } from './case-event.ts';
import type { RoutingDecision } from './case-routing.ts';
import type { Channel } from './channel.ts';
import type { OutboxIntent } from './outbox-intent.ts';
import type { PublicCaseSubmission } from './public-contracts.ts';
import { legalDueAt, slaDueAt } from './sla-clock.ts';
import type { ValidationMessageKey } from './validation-messages.ts';
import type { WorkType } from './work-type.ts';

/** A validated submission from any intake: the citizen's own (self-service channels) or staff-assisted. */
export type ValidatedSubmission = Omit<z.output<typeof PublicCaseSubmission>, 'channel'> & { channel: Channel };

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
  return { case: c, event, intents: [{ intent: 'route-case', caseId: c.id, eventId: input.eventId }] };
}

/**
 * Applies a routing decision to a NEW case. A district work type whose location
 * could not be placed waits in the metropolitan call centre's TRIAGE instead.
 */
export function applyRouting(
  c: Case,
  decision: RoutingDecision,
  eventId: string,
  now: Date,
): { after: Case; event: CaseEvent } | undefined {
  if (c.status !== 'NEW') return undefined;
  const at = now.toISOString();
  const status: CaseStatus = decision.reason === 'district-unresolved' ? 'TRIAGE' : 'ROUTED';
  const after: Case = {
    ...c,
    status,
    ownerTenantId: decision.tenantId,
    ownerDepartmentCode: decision.departmentCode,
    ...(c.location && decision.districtTenantId
      ? { location: { ...c.location, districtTenantId: decision.districtTenantId } }
      : {}),
    routedAt: at,
    updatedAt: at,
    version: c.version + 1,
  };
  const event: CaseEvent = {
    caseId: c.id,
    eventId,
    at,
    type: 'routed',
    actor: { kind: 'system', id: 'routing' },
    visibility: 'public',
    status,
    tenantId: decision.tenantId,
    departmentCode: decision.departmentCode,
    data: {
      reason: decision.reason,
      ...(decision.locateMethod ? { locateMethod: decision.locateMethod } : {}),
      ...(decision.neighbourhood ? { neighbourhood: decision.neighbourhood } : {}),
    },
  };
  return { after, event };
}
