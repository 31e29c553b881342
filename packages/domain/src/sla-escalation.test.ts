import { describe, expect, it } from 'vitest';
import { addWorkingHours, istanbulTime as at, createBusinessCalendar } from './business-calendar.ts';
import type { Case } from './case.ts';
import { defaultCalendar } from './sla-clock.ts';
import {
  assertEscalationPolicy,
  decideSlaEscalation,
  defaultSlaEscalationPolicy,
  type SlaEscalationInput,
  type SlaEscalationLevel,
  slaElapsedShare,
} from './sla-escalation.ts';

const SLA_HOURS = 10;
/** Due Wednesday 18 November 2026, 11:00; the window is 10 working hours. */
const due = at('2026-11-18', '11:00');

const baseCase: Case = {
  id: '01JD0000000000000000000000',
  cityId: 'balikesir',
  trackingNo: '482739150266',
  status: 'ASSIGNED',
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  catalogVersion: '1',
  kind: 'complaint',
  priority: 'normal',
  channel: 'web',
  description: 'Çukur',
  attachments: [],
  consent: { accepted: true, noticeVersion: '2026-11' },
  ownerTenantId: 'karesi',
  ownerDepartmentCode: 'FEN',
  createdAt: '2026-11-17T06:00:00.000Z',
  updatedAt: '2026-11-17T06:00:00.000Z',
  slaDueAt: due.toISOString(),
  version: 3,
};

let ids = 0;
const decide = (c: Case, now: Date, extra: Partial<SlaEscalationInput> = {}) =>
  decideSlaEscalation({
    case: c,
    now,
    slaHours: SLA_HOURS,
    calendar: defaultCalendar,
    eventId: `evt-${++ids}`,
    ...extra,
  });

/** Applies every step due at `now`, as the sweep does; returns the levels taken. */
function sweep(c: Case, now: Date): { after: Case; levels: SlaEscalationLevel[] } {
  const levels: SlaEscalationLevel[] = [];
  let current = c;
  for (let step = decide(current, now); step; step = decide(current, now)) {
    expect(step.after.version).toBe(current.version + 1);
    levels.push(step.level);
    current = step.after;
  }
  return { after: current, levels };
}

/** The instant at which `share` of the window has elapsed, on working hours. */
const whenShare = (share: number) =>
  share <= 1
    ? // Before the due time: count back by walking forward from a start that lands on it.
      addWorkingHours(at('2026-11-17', '10:00'), share * SLA_HOURS, defaultCalendar)
    : addWorkingHours(due, (share - 1) * SLA_HOURS, defaultCalendar);

describe('SLA escalation', () => {
  it('measures the elapsed share of the window on working hours, backwards from the due time', () => {
    // Tuesday 10:00 + 10 working hours is Wednesday 11:00: the window starts there.
    expect(addWorkingHours(at('2026-11-17', '10:00'), SLA_HOURS, defaultCalendar)).toEqual(due);
    expect(slaElapsedShare(baseCase, whenShare(0.5), SLA_HOURS, defaultCalendar).share).toBeCloseTo(0.5);
    expect(slaElapsedShare(baseCase, due, SLA_HOURS, defaultCalendar)).toEqual({
      share: 1,
      clock: 'working-hours',
    });
    // A weekend does not age a working-hours case.
    const friday = slaElapsedShare(baseCase, at('2026-11-20', '17:30'), SLA_HOURS, defaultCalendar).share;
    expect(slaElapsedShare(baseCase, at('2026-11-23', '08:30'), SLA_HOURS, defaultCalendar).share).toBe(
      friday,
    );
  });

  it('does nothing before 80 % of the window', () => {
    expect(decide(baseCase, whenShare(0.79))).toBeUndefined();
  });

  it('climbs the ladder one level at a time, each level once', () => {
    const approaching = sweep(baseCase, whenShare(0.8));
    expect(approaching.levels).toEqual(['approaching']);
    expect(sweep(approaching.after, whenShare(0.95)).levels).toEqual([]);
    const breached = sweep(approaching.after, whenShare(1));
    expect(breached.levels).toEqual(['breached']);
    const coordinator = sweep(breached.after, whenShare(1.5));
    expect(coordinator.levels).toEqual(['escalated-coordinator']);
    const manager = sweep(coordinator.after, whenShare(2));
    expect(manager.levels).toEqual(['escalated-manager']);
    expect(sweep(manager.after, whenShare(10)).levels).toEqual([]);
    expect(manager.after.slaEscalation).toEqual({
      level: 'escalated-manager',
      at: whenShare(2).toISOString(),
      dueAt: baseCase.slaDueAt,
    });
  });

  it('records every level once when a case is found already twice late', () => {
    const { after, levels } = sweep(baseCase, whenShare(2.5));
    expect(levels).toEqual(['approaching', 'breached', 'escalated-coordinator', 'escalated-manager']);
    expect(after.version).toBe(baseCase.version + 4);
    expect(sweep(after, whenShare(2.5)).levels).toEqual([]);
  });

  it('emits an internal escalated event, an analytics intent and a staff notification', () => {
    const step = decide(baseCase, whenShare(1.2), { eventId: 'evt-x' });
    expect(step?.level).toBe('approaching');
    // The warning of a case that is already late is recorded, not sent.
    expect(step?.intents).toEqual([
      { intent: 'analytics', caseId: baseCase.id, eventId: 'evt-x', eventType: 'escalated' },
    ]);
    expect(step?.event.data).toMatchObject({ level: 'approaching', audience: 'unit', notified: false });
    if (!step) throw new Error('no step');
    const breached = decide(step.after, whenShare(1.2), { eventId: 'evt-y' });
    expect(breached?.event).toMatchObject({
      caseId: baseCase.id,
      eventId: 'evt-y',
      type: 'escalated',
      visibility: 'internal',
      status: 'ASSIGNED',
      tenantId: 'karesi',
      departmentCode: 'FEN',
      actor: { kind: 'system', id: 'sla-sweep' },
      data: {
        level: 'breached',
        audience: 'supervisor',
        notified: true,
        clock: 'working-hours',
        elapsedPercent: 120,
      },
    });
    expect(breached?.intents).toEqual([
      { intent: 'analytics', caseId: baseCase.id, eventId: 'evt-y', eventType: 'escalated' },
      { intent: 'notify-staff', caseId: baseCase.id, eventId: 'evt-y', audience: 'supervisor' },
    ]);
    const warned = decide(baseCase, whenShare(0.9), { eventId: 'evt-z' });
    expect(warned?.intents).toContainEqual({
      intent: 'notify-staff',
      caseId: baseCase.id,
      eventId: 'evt-z',
      audience: 'unit',
    });
  });

  it('starts afresh when the due time changes (reopened, re-timed)', () => {
    const { after } = sweep(baseCase, whenShare(2.5));
    const retimed: Case = { ...after, slaDueAt: at('2026-12-01', '10:00').toISOString() };
    expect(sweep(retimed, at('2026-11-30', '17:00')).levels).toEqual(['approaching']);
  });

  it('leaves finished cases and cases waiting for the citizen alone, but not other holds', () => {
    for (const status of ['RESOLVED', 'CLOSED', 'CANCELLED'] as const)
      expect(decide({ ...baseCase, status }, whenShare(3))).toBeUndefined();
    const hold = {
      resumeOn: '2026-12-01',
      since: '2026-11-17T08:00:00.000Z',
      resumeStatus: 'ASSIGNED' as const,
    };
    expect(
      decide({ ...baseCase, status: 'ON_HOLD', hold: { ...hold, reason: 'citizen-input' } }, whenShare(3)),
    ).toBeUndefined();
    expect(
      decide({ ...baseCase, status: 'ON_HOLD', hold: { ...hold, reason: 'material' } }, whenShare(3))?.level,
    ).toBe('approaching');
  });

  it('runs urgent cases on the wall clock, weekends included', () => {
    const urgent: Case = {
      ...baseCase,
      priority: 'urgent',
      slaDueAt: at('2026-11-21', '10:00').toISOString(),
    };
    // Saturday: 4 wall-clock hours is 40 % of a 10-hour window past due.
    expect(sweep(urgent, at('2026-11-21', '14:00')).levels).toEqual(['approaching', 'breached']);
    expect(sweep(urgent, at('2026-11-21', '20:00')).levels).toHaveLength(4);
  });

  it('follows a configured policy and rejects one that does not climb', () => {
    const strict = { ...defaultSlaEscalationPolicy, approaching: 0.5 };
    expect(decide(baseCase, whenShare(0.6), { policy: strict })?.level).toBe('approaching');
    expect(() => assertEscalationPolicy({ ...defaultSlaEscalationPolicy, breached: 0.7 })).toThrow(
      RangeError,
    );
    expect(assertEscalationPolicy(defaultSlaEscalationPolicy)).toBe(defaultSlaEscalationPolicy);
  });

  it('counts 24/7 calendars on the wall clock', () => {
    const crews = createBusinessCalendar({ twentyFourSeven: true });
    const step = decide(baseCase, at('2026-11-18', '21:00'), { calendar: crews });
    // 10 wall-clock hours past a 10-hour window: twice late.
    expect(step?.event.data).toMatchObject({ clock: 'wall-clock', elapsedPercent: 200 });
  });
});
