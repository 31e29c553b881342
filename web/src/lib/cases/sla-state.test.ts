import { describe, expect, it } from 'vitest';
import { slaState } from './sla-state.ts';

const created = '2026-11-20T08:00:00.000Z';
const due = '2026-11-21T08:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('SLA state of a queue item', () => {
  it('is on track early in the window, approaching after 80 %, overdue after the due time', () => {
    const c = { status: 'ACCEPTED' as const, createdAt: created, slaDueAt: due };
    expect(slaState(c, at('2026-11-20T12:00:00.000Z'))).toBe('on-track');
    expect(slaState(c, at('2026-11-21T03:12:00.000Z'))).toBe('approaching');
    expect(slaState(c, at('2026-11-21T08:00:00.000Z'))).toBe('overdue');
  });

  it('believes the server: its overdue flag and the escalation the sweep recorded for this due time', () => {
    const c = { status: 'ROUTED' as const, createdAt: created, slaDueAt: due };
    expect(slaState({ ...c, overdue: true }, at('2026-11-20T09:00:00.000Z'))).toBe('overdue');
    const mark = { level: 'approaching' as const, at: '2026-11-20T10:00:00.000Z', dueAt: due };
    expect(slaState({ ...c, slaEscalation: mark }, at('2026-11-20T10:00:00.000Z'))).toBe('approaching');
    // A mark for an earlier due time (the case was re-timed) no longer counts.
    const stale = { ...mark, dueAt: '2026-11-19T08:00:00.000Z' };
    expect(slaState({ ...c, slaEscalation: stale }, at('2026-11-20T10:00:00.000Z'))).toBe('on-track');
  });

  it('stops once the case is resolved, closed or cancelled', () => {
    for (const status of ['RESOLVED', 'CLOSED', 'CANCELLED'] as const) {
      expect(
        slaState({ status, createdAt: created, slaDueAt: due, overdue: true }, at('2026-12-01T00:00:00Z')),
      ).toBe('done');
    }
  });
});
