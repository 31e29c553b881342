import type { DashboardResponse } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import { changeTone, defaultReportWeek, reportWeekOf, weekComparisons } from './weekly-report.ts';

function dashboard(overrides: {
  created: number;
  resolved: number;
  averageHours: number | null;
  compliance: number | null;
  satisfaction: number | null;
}): DashboardResponse {
  return {
    filter: { from: '2026-11-30', to: '2026-12-06' },
    generatedAt: '2026-12-07T09:00:00.000Z',
    totals: {
      created: overrides.created,
      received: overrides.created,
      resolved: overrides.resolved,
      averageHours: overrides.averageHours,
      medianHours: overrides.averageHours,
      closed: overrides.resolved,
      reopened: 0,
      reopenRate: overrides.resolved ? 0 : null,
      openNow: 40,
    },
    trend: { granularity: 'day', points: [] },
    workTypes: [],
    byChannel: [],
    byOrganisation: [],
    sla: { met: 0, missed: 0, compliance: overrides.compliance },
    backlogAgeing: [],
    byStatus: [],
    resultCodes: [],
    satisfaction: {
      answered: overrides.satisfaction === null ? 0 : 4,
      average: overrides.satisfaction,
      distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
    },
    units: [],
    people: [],
  };
}

describe('the weekly coordination report', () => {
  it('opens on the last complete week, and on the week asked for when it exists', () => {
    // Monday 7 December 2026, 09:00 in Istanbul: the meeting reviews 30 Nov – 6 Dec.
    const monday = Date.parse('2026-12-07T06:00:00Z');
    expect(defaultReportWeek(monday)).toBe('2026-W49');
    expect(reportWeekOf('2026-W45', monday)).toBe('2026-W45');
    expect(reportWeekOf('2026-W60', monday)).toBe('2026-W49');
    expect(reportWeekOf(null, monday)).toBe('2026-W49');
  });

  it('compares each figure with the week before and says whether the change is good news', () => {
    const current = dashboard({
      created: 120,
      resolved: 90,
      averageHours: 30,
      compliance: 0.8,
      satisfaction: 4.2,
    });
    const previous = dashboard({
      created: 100,
      resolved: 95,
      averageHours: 20,
      compliance: null,
      satisfaction: 4.5,
    });
    const comparisons = weekComparisons(current, previous);
    const byId = (id: string) => {
      const found = comparisons.find((c) => c.id === id);
      if (!found) throw new Error(`no comparison ${id}`);
      return found;
    };
    expect(byId('created')).toMatchObject({ current: 120, previous: 100, change: 20 });
    expect(changeTone(byId('created'))).toBe('neutral');
    expect(changeTone(byId('resolved'))).toBe('bad');
    // Longer resolution times are bad news.
    expect(byId('average')).toMatchObject({ change: 10 });
    expect(changeTone(byId('average'))).toBe('bad');
    // Nothing measured the week before: no change to speak of.
    expect(byId('sla')).toMatchObject({ current: 0.8, previous: null, change: null });
    expect(changeTone(byId('sla'))).toBe('neutral');
    expect(byId('satisfaction').change).toBeCloseTo(-0.3);
  });
});
