import { describe, expect, it } from 'vitest';
import type { DashboardResponse } from './analytics-contracts.ts';
import { DashboardTableName, dashboardTable } from './analytics-tables.ts';

const sla = (met: number, missed: number) => ({
  met,
  missed,
  compliance: met + missed ? met / (met + missed) : null,
});

const dashboard: DashboardResponse = {
  filter: { from: '2026-11-01', to: '2026-11-30', tenantId: 'karesi' },
  generatedAt: '2026-12-07T10:00:00.000Z',
  totals: {
    created: 40,
    received: 38,
    resolved: 30,
    averageHours: 20.55,
    medianHours: 12,
    closed: 28,
    reopened: 1,
    reopenRate: 1 / 30,
    openNow: 10,
  },
  trend: { granularity: 'day', points: [{ period: '2026-11-01', created: 3, resolved: 1, closed: 1 }] },
  workTypes: [
    {
      workTypeCode: 'ROAD-POTHOLE-LOCAL',
      name: { tr: 'Yol çukuru (yerel)', en: 'Pothole (local street)' },
      group: 'ROAD',
      created: 10,
      share: 0.25,
      resolved: 8,
      averageHours: 30.04,
      medianHours: null,
      targetHours: 72,
      sla: sla(6, 2),
    },
  ],
  byChannel: [
    { channel: 'call_center', name: { tr: 'Çağrı merkezi', en: 'Call centre' }, created: 20, share: 0.5 },
  ],
  byOrganisation: [
    {
      tenantId: 'karesi',
      name: 'Karesi Belediyesi',
      tenantType: 'district',
      received: 38,
      resolved: 30,
      averageHours: 20,
      medianHours: 12,
      openNow: 10,
      sla: sla(25, 5),
      satisfaction: 4.256,
    },
  ],
  sla: sla(25, 5),
  backlogAgeing: [{ bucket: '30d+', open: 2 }],
  byStatus: [{ status: 'IN_PROGRESS', count: 4 }],
  resultCodes: [{ code: 'INFO_GIVEN', count: 3 }],
  satisfaction: { answered: 0, average: null, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
  units: [{ id: 'FEN', name: 'Fen İşleri', started: 12, completed: 9, averageHours: 10, sla: sla(8, 1) }],
  people: [
    {
      id: 'sub-123',
      name: 'Zeynep Şahin',
      departmentCode: 'FEN',
      started: 5,
      completed: 4,
      averageHours: null,
      sla: sla(0, 0),
    },
  ],
};

describe('dashboard tables for export', () => {
  it.each(DashboardTableName.options)('%s: one header per cell in every row, in both languages', (name) => {
    for (const lang of ['tr', 'en'] as const) {
      const table = dashboardTable(dashboard, name, lang);
      expect(table.rows.length).toBeGreaterThan(0);
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
      expect(new Set(table.columns.map((c) => c.key)).size).toBe(table.columns.length);
    }
  });

  it('labels work types in the reader language and keeps fractions for percentages', () => {
    const tr = dashboardTable(dashboard, 'workTypes', 'tr');
    expect(tr.columns.map((c) => c.header)).toContain('Ortalama çözüm süresi (saat)');
    expect(tr.rows[0]).toEqual([
      'ROAD-POTHOLE-LOCAL',
      'Yol çukuru (yerel)',
      'ROAD',
      10,
      0.25,
      8,
      30,
      null,
      72,
      6,
      2,
      0.75,
    ]);
    const en = dashboardTable(dashboard, 'workTypes', 'en');
    expect(en.rows[0]?.[1]).toBe('Pothole (local street)');
    expect(en.columns.find((c) => c.key === 'share')).toMatchObject({ header: 'Share (%)', kind: 'percent' });
  });

  it('names statuses, result codes, organisation types and age buckets', () => {
    expect(dashboardTable(dashboard, 'byStatus', 'tr').rows[0]).toEqual([
      'IN_PROGRESS',
      'Çalışma sürüyor',
      4,
    ]);
    expect(dashboardTable(dashboard, 'resultCodes', 'en').rows[0]).toEqual([
      'INFO_GIVEN',
      'Information given',
      3,
    ]);
    expect(dashboardTable(dashboard, 'byOrganisation', 'tr').rows[0]?.[2]).toBe('İlçe belediyesi');
    expect(dashboardTable(dashboard, 'byOrganisation', 'tr').rows[0]?.at(-1)).toBe(4.26);
    expect(dashboardTable(dashboard, 'backlogAgeing', 'en').rows[0]).toEqual(['Over 30 days', 2]);
  });

  it('shows people by name and unit, not by their user id', () => {
    const people = dashboardTable(dashboard, 'people', 'tr');
    expect(people.rows[0]?.slice(0, 2)).toEqual(['Zeynep Şahin', 'FEN']);
    expect(JSON.stringify(people)).not.toContain('sub-123');
    expect(people.rows[0]?.at(-1)).toBeNull();
  });
});
