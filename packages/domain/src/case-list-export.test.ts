import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import { CaseListExportQuery, caseListTable, isOverdue } from './case-list-export.ts';

const stored = {
  id: '01JCASE0000000000000000001',
  cityId: 'balikesir',
  trackingNo: '482739150266',
  status: 'CLOSED',
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  catalogVersion: '1',
  kind: 'complaint',
  priority: 'high',
  channel: 'call_center',
  description: 'Ayşe Yılmaz 0532 765 43 21 aradı',
  location: {
    lat: 39.6,
    lon: 27.9,
    address: 'Atatürk Cad. 12',
    neighbourhood: 'Dumlupınar',
    districtTenantId: 'karesi',
  },
  contact: { name: 'Ayşe Yılmaz', phone: '+905327654321' },
  attachments: [],
  consent: { accepted: true, noticeVersion: '2026-11' },
  ownerTenantId: 'karesi',
  ownerDepartmentCode: 'FEN',
  createdAt: '2026-12-01T07:00:00.000Z',
  updatedAt: '2026-12-02T07:00:00.000Z',
  slaDueAt: '2026-12-03T07:00:00.000Z',
  closedAt: '2026-12-02T07:00:00.000Z',
  result: { code: 'RESOLVED', publicAnswer: 'Ayşe Hanım, çukur kapatıldı', internalNote: 'Ayşe Hanım 0532…' },
  assignee: { kind: 'user', id: 'u1', name: 'Mehmet Usta', assignedAt: '2026-12-01T08:00:00.000Z' },
  version: 5,
} as unknown as Case;

const names = {
  workTypeName: () => ({ tr: 'Yol çukuru', en: 'Pothole' }),
  tenantName: (id: string) => (id === 'karesi' ? 'Karesi' : undefined),
  departmentName: () => ({ tr: 'Fen İşleri', en: 'Public Works' }),
};

describe('case list export', () => {
  it('has classification, place and timing but nothing personal', () => {
    const table = caseListTable([stored], names, 'tr', new Date('2026-12-07T00:00:00Z'));
    expect(table.rows[0]).toEqual([
      '4827-3915-0266',
      '2026-12-01T07:00:00.000Z',
      'CLOSED',
      'Sonuçlandı',
      'ROAD-POTHOLE-LOCAL',
      'Yol çukuru',
      'Yüksek',
      'Çağrı merkezi',
      'Karesi',
      'Fen İşleri',
      'Karesi',
      'Dumlupınar',
      '2026-12-03T07:00:00.000Z',
      false,
      null,
      '2026-12-02T07:00:00.000Z',
      'RESOLVED',
      'Çözüldü / Olumlu sonuçlandı',
    ]);
    const text = JSON.stringify(table);
    for (const secret of ['Ayşe', '0532', '5327654321', 'Atatürk', 'Mehmet'])
      expect(text).not.toContain(secret);
  });

  it('has English headers for English readers', () => {
    const table = caseListTable([stored], names, 'en', new Date());
    expect(table.columns.slice(0, 2).map((c) => c.header)).toEqual(['Tracking number', 'Filed at']);
    expect(table.rows[0]?.[7]).toBe('Call centre');
  });

  it('flags open cases past their due time only', () => {
    const now = new Date('2026-12-07T00:00:00Z');
    expect(isOverdue(stored, now)).toBe(false);
    expect(isOverdue({ ...stored, status: 'IN_PROGRESS' }, now)).toBe(true);
    expect(isOverdue({ ...stored, status: 'IN_PROGRESS' }, new Date('2026-12-02T00:00:00Z'))).toBe(false);
  });

  it('takes the queue filters, a format and an optional range of at most 366 days', () => {
    expect(
      CaseListExportQuery.parse({ format: 'xlsx', status: 'ROUTED,ACCEPTED', overdue: 'true' }),
    ).toMatchObject({
      format: 'xlsx',
      status: ['ROUTED', 'ACCEPTED'],
      overdue: true,
    });
    expect(CaseListExportQuery.safeParse({ format: 'pdf' }).success).toBe(false);
    expect(CaseListExportQuery.safeParse({ format: 'csv', from: '2026-01-01' }).success).toBe(false);
    expect(
      CaseListExportQuery.safeParse({ format: 'csv', from: '2025-01-01', to: '2026-01-01' }).success,
    ).toBe(true);
    expect(
      CaseListExportQuery.safeParse({ format: 'csv', from: '2025-01-01', to: '2026-01-02' }).success,
    ).toBe(false);
    expect(CaseListExportQuery.safeParse({ format: 'csv', limit: '5' }).success).toBe(false);
  });
});
