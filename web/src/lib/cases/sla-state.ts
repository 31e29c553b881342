import type { CaseStatus, SlaEscalationMark } from '@citydesk/domain';

/*
 * How urgent a case looks in a queue. The server's SLA sweep measures the elapsed
 * share of the SLA window on the tenant's business calendar and records the level it
 * reached on the case (`slaEscalation`); the queue shows that when it is there. Until
 * the sweep has run, the wall-clock share of the window is a close enough estimate
 * for a highlight (it never decides anything).
 */

/** `done`: the clock no longer runs; `approaching`: 80 % of the window has passed. */
export type SlaState = 'done' | 'on-track' | 'approaching' | 'overdue';

/** The share of the SLA window at which a case counts as approaching its due time (as the sweep's policy). */
export const APPROACHING_SHARE = 0.8;

const TIMED: ReadonlySet<CaseStatus> = new Set<CaseStatus>([
  'NEW',
  'TRIAGE',
  'ROUTED',
  'ACCEPTED',
  'ASSIGNED',
  'IN_PROGRESS',
  'ON_HOLD',
]);

export interface SlaFacts {
  status: CaseStatus;
  createdAt: string;
  slaDueAt: string;
  /** The server's verdict at read time (queue items carry it). */
  overdue?: boolean;
  slaEscalation?: SlaEscalationMark;
}

/** The SLA state of a case at `now` (ms). */
export function slaState(c: SlaFacts, now: number): SlaState {
  if (!TIMED.has(c.status)) return 'done';
  const due = Date.parse(c.slaDueAt);
  if (c.overdue || due <= now) return 'overdue';
  const mark = c.slaEscalation && c.slaEscalation.dueAt === c.slaDueAt ? c.slaEscalation.level : undefined;
  if (mark) return mark === 'approaching' ? 'approaching' : 'overdue';
  const start = Date.parse(c.createdAt);
  const window = due - start;
  if (window > 0 && (now - start) / window >= APPROACHING_SHARE) return 'approaching';
  return 'on-track';
}
