import * as z from 'zod';
import type { BusinessCalendar } from './business-calendar.ts';
import type { Case, CaseStatus } from './case.ts';
import type { CaseEvent } from './case-event.ts';
import type { OutboxIntent, StaffAudience } from './outbox-intent.ts';
import { type SlaClockKind, slaClockKind, slaHoursBetween } from './sla-clock.ts';

/*
 * SLA escalation (domain.md §(b): "on sla_hours breach, notify the department head,
 * then ŞKM. On 2× breach, notify the tenant's deputy mayor").
 *
 * The elapsed share of a case's SLA window is measured on the case's SLA clock
 * (working hours, or wall-clock for urgent cases and 24/7 calendars) and backwards
 * from its due time, so it holds whatever moved the due time (a reclassification,
 * a pause): share = 1 + (hours from due time to now) / SLA hours. Each level is
 * reached once per due time:
 *
 *   approaching            share ≥ 0.8  the owning unit (its queue) is warned
 *   breached               share ≥ 1    the department head (supervisor)
 *   escalated-coordinator  share ≥ 1.5  the metropolitan coordination centre (ŞKM)
 *   escalated-manager      share ≥ 2    the tenant's manager (deputy mayor)
 *
 * Idempotent by construction: the case remembers the highest level reached and the
 * due time it was reached for, and a level is only ever taken above the remembered
 * one. A new due time (reopened, re-timed) starts the ladder afresh.
 */

/** The levels, lowest first. */
export const SlaEscalationLevel = z.enum([
  'approaching',
  'breached',
  'escalated-coordinator',
  'escalated-manager',
]);
export type SlaEscalationLevel = z.infer<typeof SlaEscalationLevel>;

/** The highest escalation a case has reached, for which due time, and when. */
export const SlaEscalationMark = z
  .object({
    level: SlaEscalationLevel,
    at: z.iso.datetime(),
    /** The `slaDueAt` this level was reached for; a different due time resets the ladder. */
    dueAt: z.iso.datetime(),
  })
  .strict();
export type SlaEscalationMark = z.infer<typeof SlaEscalationMark>;

/** The share of the SLA window at which each level is reached; must increase along the ladder. */
export type SlaEscalationPolicy = Readonly<Record<SlaEscalationLevel, number>>;

export const defaultSlaEscalationPolicy: SlaEscalationPolicy = {
  approaching: 0.8,
  breached: 1,
  'escalated-coordinator': 1.5,
  'escalated-manager': 2,
};

/** Who is told at each level. */
export const escalationAudience: Readonly<Record<SlaEscalationLevel, StaffAudience>> = {
  approaching: 'unit',
  breached: 'supervisor',
  'escalated-coordinator': 'coordinator',
  'escalated-manager': 'manager',
};

/** States in which the SLA clock runs: filed and not yet resolved. */
export const SLA_TIMED_STATUSES: ReadonlySet<CaseStatus> = new Set<CaseStatus>([
  'NEW',
  'TRIAGE',
  'ROUTED',
  'ACCEPTED',
  'ASSIGNED',
  'IN_PROGRESS',
  'ON_HOLD',
]);

const LEVELS = SlaEscalationLevel.options;
const rank = (level: SlaEscalationLevel | undefined): number => (level ? LEVELS.indexOf(level) : -1);

/** Checks a policy's shares are positive and increase along the ladder. */
export function assertEscalationPolicy(policy: SlaEscalationPolicy): SlaEscalationPolicy {
  let previous = 0;
  for (const level of LEVELS) {
    if (!(policy[level] > previous))
      throw new RangeError(`escalation share of ${level} must exceed ${previous}`);
    previous = policy[level];
  }
  return policy;
}

/** Whether the SLA clock of a case is running now: timed status, and not paused waiting for the citizen. */
export function slaClockRunning(c: Case): boolean {
  // domain.md §(b): only a hold for citizen input pauses the clock; other holds are reported.
  return SLA_TIMED_STATUSES.has(c.status) && !(c.status === 'ON_HOLD' && c.hold?.reason === 'citizen-input');
}

/** The level already reached for the case's current due time. */
export function currentEscalationLevel(c: Case): SlaEscalationLevel | undefined {
  return c.slaEscalation && c.slaEscalation.dueAt === c.slaDueAt ? c.slaEscalation.level : undefined;
}

/** The elapsed share of a case's SLA window at `now` (1 = due now, 2 = overdue by a whole window). */
export function slaElapsedShare(
  c: Pick<Case, 'slaDueAt' | 'priority'>,
  now: Date,
  slaHours: number,
  calendar: BusinessCalendar,
): { share: number; clock: SlaClockKind } {
  const clock = slaClockKind(c.priority, calendar);
  const pastDue = slaHoursBetween(new Date(c.slaDueAt), now, clock, calendar);
  return { share: 1 + pastDue / slaHours, clock };
}

export interface SlaEscalationInput {
  case: Case;
  now: Date;
  /** The SLA hours of the case's work type. */
  slaHours: number;
  calendar: BusinessCalendar;
  eventId: string;
  policy?: SlaEscalationPolicy;
}

/** One escalation step: the case with its new mark, the internal timeline event and the intents. */
export interface SlaEscalationStep {
  level: SlaEscalationLevel;
  after: Case;
  event: CaseEvent;
  intents: OutboxIntent[];
}

/**
 * The next escalation of a case at `now`, or undefined when none is due. One level
 * per step, lowest first: a case found twice overdue is taken through every level
 * in successive steps, each recorded once. The `approaching` warning of a case that
 * is already late is recorded without being sent.
 */
export function decideSlaEscalation(input: SlaEscalationInput): SlaEscalationStep | undefined {
  const { case: c, now } = input;
  const policy = input.policy ?? defaultSlaEscalationPolicy;
  if (!slaClockRunning(c) || !(input.slaHours > 0)) return undefined;
  const current = rank(currentEscalationLevel(c));
  const { share, clock } = slaElapsedShare(c, now, input.slaHours, input.calendar);
  const reached = LEVELS.filter((level) => share >= policy[level]);
  const next = LEVELS[current + 1];
  if (!next || !reached.includes(next)) return undefined;
  // Warning a unit that a case is about to be late is moot once it is late: that step
  // is recorded but not sent. Every audience above it hears, even when reached late
  // (after an outage of the sweep), so the department head is never skipped.
  const notify = !(next === 'approaching' && share >= policy.breached);
  const at = now.toISOString();
  const audience = escalationAudience[next];
  const after: Case = {
    ...c,
    slaEscalation: { level: next, at, dueAt: c.slaDueAt },
    updatedAt: at,
    version: c.version + 1,
  };
  const event: CaseEvent = {
    caseId: c.id,
    eventId: input.eventId,
    at,
    type: 'escalated',
    actor: { kind: 'system', id: 'sla-sweep' },
    visibility: 'internal',
    status: c.status,
    ...(c.ownerTenantId ? { tenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { departmentCode: c.ownerDepartmentCode } : {}),
    data: {
      level: next,
      audience,
      notified: notify,
      slaDueAt: c.slaDueAt,
      clock,
      // Whole percent: the timeline shows it, and rounding keeps the record stable to read.
      elapsedPercent: Math.floor(share * 100),
    },
  };
  const intents: OutboxIntent[] = [
    { intent: 'analytics', caseId: c.id, eventId: input.eventId, eventType: 'escalated' },
  ];
  if (notify) intents.push({ intent: 'notify-staff', caseId: c.id, eventId: input.eventId, audience });
  return { level: next, after, event, intents };
}
