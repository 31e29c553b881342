import { anonymiseCase, type Case } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import { caseIndexAttributes, closureTimeOf } from './case-keys.ts';
import { monthsBetween } from './retention-repository.ts';

/*
 * The retention branch of gsi6: which cases wait for the retention job, under which
 * partition and sort key, and when they leave. The job itself runs against the real
 * table in tests/integration/retention-sweep.test.ts.
 */

const base: Case = {
  id: '01JD0000000000000000000001',
  cityId: 'balikesir',
  trackingNo: '482739150266',
  status: 'CLOSED',
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  catalogVersion: '1',
  kind: 'request',
  priority: 'normal',
  channel: 'web',
  description: 'Sokakta çukur var.',
  location: {
    lat: 39.6485,
    lon: 27.8862,
    neighbourhood: 'Dumlupınar',
    address: 'Dumlupınar Mah. 5. Sokak No:7',
  },
  attachments: [],
  contact: {
    name: 'Ayşe Yılmaz',
    phone: '+905327654321',
    preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
  },
  consent: { accepted: true, noticeVersion: '2026-11' },
  ownerTenantId: 'balikesir-karesi',
  ownerDepartmentCode: 'FEN',
  createdAt: '2024-03-01T08:00:00.000Z',
  updatedAt: '2024-03-20T09:30:00.000Z',
  slaDueAt: '2024-03-04T08:00:00.000Z',
  closedAt: '2024-03-20T09:30:00.000Z',
  version: 7,
};

describe('retention keys (gsi6)', () => {
  it('files a closed case under its city and closure month, ordered by closure time', () => {
    const attrs = caseIndexAttributes(base, 'hash');
    expect(attrs.gsi6pk).toBe('RETAIN#balikesir#2024-03');
    expect(attrs.gsi6sk).toBe(`2024-03-20T09:30:00.000Z#${base.id}`);
  });

  it('files a cancelled case by its cancellation time', () => {
    const { closedAt: _closed, ...rest } = base;
    const cancelled: Case = { ...rest, status: 'CANCELLED', cancelledAt: '2024-05-02T10:00:00.000Z' };
    expect(closureTimeOf(cancelled)).toBe('2024-05-02T10:00:00.000Z');
    expect(caseIndexAttributes(cancelled, undefined).gsi6pk).toBe('RETAIN#balikesir#2024-05');
  });

  it('counts a closed case without a closure time from its last change', () => {
    const { closedAt: _closed, ...rest } = base;
    expect(closureTimeOf(rest)).toBe(base.updatedAt);
  });

  it('drops anonymised cases, and cases that are not ended, from the retention partitions', () => {
    const anonymised = anonymiseCase(base, new Date('2026-04-01T00:00:00.000Z'));
    expect(caseIndexAttributes(anonymised, undefined).gsi6pk).toBeUndefined();
    for (const status of ['RESOLVED', 'ROUTED', 'NEW'] as const) {
      const pk = caseIndexAttributes({ ...base, status }, 'hash').gsi6pk;
      expect(pk?.startsWith('RETAIN#')).not.toBe(true);
    }
    // A reopened case goes back to work: it leaves the retention partition with its status.
    expect(caseIndexAttributes({ ...base, status: 'TRIAGE' }, 'hash').gsi6pk).toBe('SLA#balikesir');
  });
});

describe('monthsBetween', () => {
  it('lists every month across year ends, inclusive', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-02', '2025-02')).toEqual(['2025-02']);
    expect(monthsBetween('2025-03', '2025-02')).toEqual([]);
  });
});
