import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import {
  attachToIncident,
  coversPlace,
  DeclareIncidentRequest,
  endIncidentForCase,
  fanOutChunks,
  type Incident,
  IncidentArea,
  incidentEndAction,
  incidentFitsHint,
  matchingIncident,
} from './incident.ts';
import { canManageIncident, canReadIncidents } from './incident-access.ts';
import type { Principal } from './principal.ts';

const NOW = new Date('2026-12-07T10:00:00Z');
const ids = () => {
  let n = 0;
  return () => `01JEVENT${String(n++).padStart(18, '0')}`;
};

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: '01JINCIDENT000000000000000',
  cityId: 'balikesir',
  tenantId: 'baski',
  workTypeGroup: 'WATER',
  workTypeCodes: [],
  area: IncidentArea.parse({
    neighbourhoods: [{ districtTenantId: 'balikesir-karesi', name: 'Toygar' }],
    circles: [{ center: { lat: 39.66, lon: 27.9 }, radiusMetres: 300 }],
  }),
  title: 'Toygar ana hat arızası',
  publicMessage: { tr: 'Ana hat arızası nedeniyle su kesintisi var.', en: 'Water is off: a main burst.' },
  agentScript: { tr: 'Arıza biliniyor.' },
  startsAt: '2026-12-07T08:00:00.000Z',
  expectedEndAt: '2026-12-07T16:00:00.000Z',
  status: 'ACTIVE',
  attachedCount: 0,
  declaredBy: { kind: 'staff', id: 'u1', tenantId: 'baski' },
  createdAt: '2026-12-07T08:00:00.000Z',
  updatedAt: '2026-12-07T08:00:00.000Z',
  version: 1,
  ...over,
});

const waterCase = (over: Partial<Case> = {}): Case => ({
  id: '01JCASE0000000000000000000',
  cityId: 'balikesir',
  trackingNo: '482739150266',
  status: 'ROUTED',
  workTypeCode: 'WATER-NO-SUPPLY',
  catalogVersion: 'v1',
  kind: 'complaint',
  priority: 'high',
  channel: 'call_center',
  description: 'Su yok.',
  location: { lat: 39.653, lon: 27.896, neighbourhood: 'TOYGAR', districtTenantId: 'balikesir-karesi' },
  attachments: [],
  contact: {
    name: 'Ayşe',
    phone: '+905321234567',
    preference: { channel: 'sms', granularity: 'every_stage', language: 'en' },
  },
  consent: { accepted: true, noticeVersion: '2026-11' },
  ownerTenantId: 'baski',
  ownerDepartmentCode: 'SU',
  createdAt: '2026-12-07T09:00:00.000Z',
  updatedAt: '2026-12-07T09:00:00.000Z',
  slaDueAt: '2026-12-08T09:00:00.000Z',
  version: 2,
  ...over,
});

const facts = {
  workTypeCode: 'WATER-NO-SUPPLY',
  workTypeGroup: 'WATER',
  ownerTenantId: 'baski',
  location: { lat: 39.653, lon: 27.896 },
  neighbourhood: 'toygar',
  districtTenantId: 'balikesir-karesi',
};

describe('the area of an incident', () => {
  const area = incident().area;
  it('holds a named neighbourhood of its district, in any spelling', () => {
    expect(coversPlace(area, { neighbourhood: 'TOYGAR', districtTenantId: 'balikesir-karesi' })).toBe(true);
    // The same name in another district is another neighbourhood.
    expect(coversPlace(area, { neighbourhood: 'Toygar', districtTenantId: 'balikesir-altieylul' })).toBe(
      false,
    );
  });
  it('holds a point within a circle, not one outside', () => {
    expect(coversPlace(area, { location: { lat: 39.661, lon: 27.901 } })).toBe(true);
    expect(coversPlace(area, { location: { lat: 39.7, lon: 27.9 } })).toBe(false);
  });
  it('holds a point in its polygon, border included', () => {
    const polygon = IncidentArea.parse({
      polygon: {
        type: 'Polygon',
        coordinates: [
          [
            [27.8, 39.6],
            [27.9, 39.6],
            [27.9, 39.7],
            [27.8, 39.7],
            [27.8, 39.6],
          ],
        ],
      },
    });
    expect(coversPlace(polygon, { location: { lat: 39.65, lon: 27.85 } })).toBe(true);
    expect(coversPlace(polygon, { location: { lat: 39.65, lon: 27.9 } })).toBe(true);
    expect(coversPlace(polygon, { location: { lat: 39.65, lon: 27.95 } })).toBe(false);
  });
  it('is never empty', () => {
    expect(IncidentArea.safeParse({}).success).toBe(false);
  });
  it('a case with neither point nor neighbourhood is in no area', () => {
    expect(coversPlace(area, {})).toBe(false);
  });
});

describe('which incident a routed case joins', () => {
  it('one attaching now, of the owner, covering the work type and the place', () => {
    expect(matchingIncident([incident()], facts, NOW)?.id).toBe(incident().id);
  });
  it('by explicit work types as well as by group', () => {
    const listed = incident({ workTypeGroup: undefined, workTypeCodes: ['WATER-NO-SUPPLY'] });
    expect(matchingIncident([listed], facts, NOW)).toBeDefined();
    expect(matchingIncident([listed], { ...facts, workTypeCode: 'WATER-TURBID' }, NOW)).toBeUndefined();
  });
  it('not another tenant’s, another group’s, one not started or ended', () => {
    expect(matchingIncident([incident({ tenantId: 'balikesir-karesi' })], facts, NOW)).toBeUndefined();
    expect(
      matchingIncident([incident()], { ...facts, workTypeGroup: 'ROAD', workTypeCode: 'ROAD-X' }, NOW),
    ).toBeUndefined();
    expect(
      matchingIncident([incident({ startsAt: '2026-12-07T11:00:00.000Z' })], facts, NOW),
    ).toBeUndefined();
    expect(matchingIncident([incident({ status: 'ENDED' })], facts, NOW)).toBeUndefined();
  });
  it('the earliest of overlapping incidents, whatever the order read', () => {
    const early = incident({ id: '01JINCIDENT00000000000000A', startsAt: '2026-12-07T07:00:00.000Z' });
    const late = incident({ id: '01JINCIDENT00000000000000B' });
    expect(matchingIncident([late, early], facts, NOW)?.id).toBe(early.id);
    expect(matchingIncident([early, late], facts, NOW)?.id).toBe(early.id);
  });
});

describe('attaching', () => {
  it('records the incident on the case and a public event with its message, in the citizen’s language', () => {
    const attached = attachToIncident(waterCase(), incident(), 'E1', NOW);
    expect(attached?.after.incidentId).toBe(incident().id);
    expect(attached?.event).toMatchObject({ type: 'incident_attached', visibility: 'public' });
    expect(attached?.event.data?.publicAnswer).toBe('Water is off: a main burst.');
    expect(attached?.intents).toEqual([
      { intent: 'analytics', caseId: waterCase().id, eventId: 'E1', eventType: 'incident_attached' },
    ]);
  });
  it('never twice', () => {
    expect(attachToIncident(waterCase({ incidentId: 'X' }), incident(), 'E1', NOW)).toBeUndefined();
  });
});

describe('ending an incident for one case', () => {
  const ended = incident({
    status: 'ENDED',
    closingMessage: { tr: 'Su verildi.', en: 'Water is back.' },
    endedAt: NOW.toISOString(),
  });
  it('resolves an open case with the closing message, one notification', () => {
    const change = endIncidentForCase(
      waterCase({ incidentId: ended.id, status: 'ON_HOLD' }),
      ended,
      ids(),
      NOW,
    );
    if (change?.action !== 'resolve') throw new Error('expected a resolution');
    expect(change.after).toMatchObject({ status: 'RESOLVED', version: 3, resolvedAt: NOW.toISOString() });
    expect(change.after.hold).toBeUndefined();
    expect(change.after.result).toMatchObject({ code: 'RESOLVED', publicAnswer: 'Water is back.' });
    expect(change.events.map((e) => e.type)).toEqual(['incident_ended', 'resolved', 'note']);
    expect(change.intents.filter((i) => i.intent === 'notify-citizen')).toHaveLength(1);
  });
  it('tells a citizen whose case already has a result, without changing it', () => {
    const done = waterCase({ incidentId: ended.id, status: 'CLOSED' });
    const change = endIncidentForCase(done, ended, ids(), NOW);
    expect(change?.action).toBe('notify');
    expect(change?.intents.filter((i) => i.intent === 'notify-citizen')).toEqual([
      expect.objectContaining({ step: 'resolved' }),
    ]);
  });
  it('leaves cancelled cases and cases of other incidents alone', () => {
    expect(incidentEndAction(waterCase({ incidentId: ended.id, status: 'CANCELLED' }), ended.id)).toBe(
      'skip',
    );
    expect(endIncidentForCase(waterCase({ incidentId: 'OTHER' }), ended, ids(), NOW)).toBeUndefined();
  });
  it('reports a split child’s resolution to its parent', () => {
    const child = waterCase({ incidentId: ended.id, parentCaseId: '01JPARENT00000000000000000' });
    const change = endIncidentForCase(child, ended, ids(), NOW);
    expect(change?.intents.some((i) => i.intent === 'child-resolved')).toBe(true);
  });
});

describe('the fan-out', () => {
  it('splits ids into chunks in order, the last one shorter', () => {
    const all = Array.from({ length: 10_001 }, (_, i) => i);
    const chunks = fanOutChunks(all, 25);
    expect(chunks).toHaveLength(401);
    expect(chunks.flat()).toEqual(all);
    expect(chunks.at(-1)).toEqual([10_000]);
    expect(chunks.every((c) => c.length <= 25)).toBe(true);
  });
  it('has nothing to send for no ids', () => {
    expect(fanOutChunks([])).toEqual([]);
  });
});

describe('a declaration', () => {
  const base = {
    tenantId: 'baski',
    area: { neighbourhoods: [{ districtTenantId: 'balikesir-karesi', name: 'Toygar' }] },
    title: 'Kesinti',
    publicMessage: { tr: 'Su kesintisi var.' },
    agentScript: { tr: 'Arıza biliniyor.' },
    expectedEndAt: '2026-12-07T16:00:00+03:00',
  };
  it('needs work types or a group', () => {
    expect(DeclareIncidentRequest.safeParse(base).success).toBe(false);
    expect(DeclareIncidentRequest.safeParse({ ...base, workTypeGroup: 'WATER' }).success).toBe(true);
  });
  it('ends after it starts', () => {
    const r = DeclareIncidentRequest.safeParse({
      ...base,
      workTypeGroup: 'WATER',
      startsAt: '2026-12-07T18:00:00+03:00',
    });
    expect(r.success).toBe(false);
  });
});

describe('the banner hint', () => {
  it('highlights an incident matching what the agent entered, not one that does not', () => {
    const i = incident();
    expect(incidentFitsHint(i, { workTypeCode: 'WATER-TURBID', workTypeGroup: 'WATER' })).toBe(true);
    expect(incidentFitsHint(i, { workTypeCode: 'ROAD-X', workTypeGroup: 'ROAD' })).toBe(false);
    expect(incidentFitsHint(i, { neighbourhood: 'toygar', districtTenantId: 'balikesir-karesi' })).toBe(true);
    expect(incidentFitsHint(i, {})).toBe(false);
  });
});

describe('who manages and reads incidents', () => {
  const user = (
    tenantId: string,
    tenantType: Principal['tenantType'],
    roles: Principal['roles'],
  ): Principal => ({
    kind: 'user',
    userId: 'u',
    tenantId,
    tenantType,
    roles,
  });
  it('the owning tenant’s supervisors and managers, the metro’s coordinators for any tenant', () => {
    expect(canManageIncident(user('baski', 'utility', ['supervisor']), 'baski')).toBe(true);
    expect(canManageIncident(user('baski', 'utility', ['manager']), 'baski')).toBe(true);
    expect(canManageIncident(user('balikesir-karesi', 'district', ['supervisor']), 'baski')).toBe(false);
    expect(canManageIncident(user('balikesir-bb', 'metropolitan', ['coordinator']), 'baski')).toBe(true);
    expect(canManageIncident(user('baski', 'utility', ['staff', 'agent']), 'baski')).toBe(false);
  });
  it('everyone working cases reads them; administrators and API keys do not', () => {
    expect(canReadIncidents(user('balikesir-karesi', 'district', ['agent']))).toBe(true);
    expect(canReadIncidents(user('balikesir-karesi', 'district', ['muhtar']))).toBe(true);
    expect(canReadIncidents(user('baski', 'utility', ['admin']))).toBe(false);
    expect(canReadIncidents({ ...user('baski', 'utility', ['integration']), kind: 'integration' })).toBe(
      false,
    );
  });
});
