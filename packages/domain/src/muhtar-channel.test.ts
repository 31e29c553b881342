import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import {
  isMuhtarOnly,
  MUHTAR_STAGE_EVENTS,
  muhtarLocation,
  muhtarStageSms,
  NeighbourhoodCasesQuery,
  toNeighbourhoodCase,
} from './muhtar-channel.ts';
import { measureSms } from './sms-encoding.ts';

const c: Case = {
  id: '01JCASE0000000000000000000',
  cityId: 'balikesir',
  trackingNo: '482739150266',
  status: 'RESOLVED',
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  catalogVersion: 'v1',
  kind: 'complaint',
  priority: 'normal',
  channel: 'web',
  description: 'Kapımızın önünde çukur var, Ayşe Hanım düştü.',
  location: { lat: 39.65, lon: 27.88, neighbourhood: 'Eskikuyumcular', address: 'Gül Sok. No 4' },
  attachments: [],
  contact: {
    name: 'Ayşe Yılmaz',
    phone: '+905321234567',
    preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
  },
  consent: { accepted: true, noticeVersion: '2026-11' },
  ownerTenantId: 'balikesir-karesi',
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-02T09:00:00.000Z',
  resolvedAt: '2026-12-02T09:00:00.000Z',
  slaDueAt: '2026-12-03T09:00:00.000Z',
  result: {
    code: 'RESOLVED',
    publicAnswer: 'Çukur onarıldı.',
    internalNote: 'Ekip 3 yaptı.',
    at: '2026-12-02T09:00:00.000Z',
    by: { kind: 'staff', id: 's1' },
  },
  version: 5,
};

describe("a neighbourhood's case as the muhtar sees it", () => {
  it('carries the public fields only: no contact, description, address or internal note', () => {
    const view = toNeighbourhoodCase(c, { tr: 'Sokakta çukur', en: 'Pothole' }, false);
    expect(view).toEqual({
      caseId: c.id,
      trackingNo: '4827-3915-0266',
      workTypeCode: 'ROAD-POTHOLE-LOCAL',
      workTypeName: { tr: 'Sokakta çukur', en: 'Pothole' },
      status: 'RESOLVED',
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      resolvedAt: c.resolvedAt,
      publicAnswer: 'Çukur onarıldı.',
      filedByMe: false,
    });
    const text = JSON.stringify(view);
    for (const secret of ['Ayşe', '5321234567', 'Gül Sok', 'Ekip 3', 'düştü'])
      expect(text).not.toContain(secret);
  });
  it('filters by a known status only', () => {
    expect(NeighbourhoodCasesQuery.safeParse({ status: 'RESOLVED' }).success).toBe(true);
    expect(NeighbourhoodCasesQuery.safeParse({ status: 'DONE' }).success).toBe(false);
    expect(NeighbourhoodCasesQuery.safeParse({ neighbourhood: 'X' }).success).toBe(false);
  });
});

describe("a muhtar's filing", () => {
  it('is always in their neighbourhood: a given point keeps its place, else the centroid stands in', () => {
    expect(muhtarLocation({ lat: 1, lon: 2, neighbourhood: 'Başka' }, 'Eskikuyumcular', undefined)).toEqual({
      lat: 1,
      lon: 2,
      neighbourhood: 'Eskikuyumcular',
    });
    expect(muhtarLocation(undefined, 'Eskikuyumcular', { lat: 39.6, lon: 27.8 })).toEqual({
      lat: 39.6,
      lon: 27.8,
      neighbourhood: 'Eskikuyumcular',
    });
    expect(muhtarLocation(undefined, 'Eskikuyumcular', undefined)).toBeUndefined();
  });
  it('is the muhtar channel only for a muhtar acting as nothing else', () => {
    const p = { kind: 'user' as const, userId: 'u', tenantId: 't', tenantType: 'district' as const };
    expect(isMuhtarOnly({ ...p, roles: ['muhtar'] })).toBe(true);
    expect(isMuhtarOnly({ ...p, roles: ['muhtar', 'agent'] })).toBe(false);
  });
});

describe("the muhtar's SMS", () => {
  it('names the case and its new stage, and the answer when there is one, in one or two segments', () => {
    const text = muhtarStageSms({
      trackingNo: '482739150266',
      status: 'RESOLVED',
      workTypeName: 'Sokakta çukur',
      publicAnswer: 'Çukur onarıldı.',
    });
    expect(text).toBe('Muhtarlık başvurusu 4827-3915-0266 (Sokakta çukur): sonuçlandı. Çukur onarıldı.');
    expect(measureSms(text).segments).toBeLessThanOrEqual(2);
  });
  it('goes for stage changes, not for comments or notifications', () => {
    expect(MUHTAR_STAGE_EVENTS.has('accepted')).toBe(true);
    expect(MUHTAR_STAGE_EVENTS.has('closed')).toBe(true);
    expect(MUHTAR_STAGE_EVENTS.has('comment')).toBe(false);
    expect(MUHTAR_STAGE_EVENTS.has('notification_sent')).toBe(false);
  });
});
