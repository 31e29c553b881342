import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, getJson, postJson } from '../support/api-client.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * The routing engine through the real API and worker: a citizen files, the outbox
 * carries the case to the routing queue, and the worker applies the city's routing
 * configuration. The rules themselves are tested exhaustively in packages/domain
 * (case-routing.test.ts); this checks the wiring: outcomes, closing fields, and
 * that the explanation reaches staff but never the public track page.
 */

let coordinator: Record<string, string>;

beforeAll(async () => {
  coordinator = {
    authorization: `Bearer ${(await signIn('metro.coordinator')).IdToken}`,
    'accept-language': 'en',
  };
});

interface TrackView {
  status: string;
  organisation?: { tenantId: string };
  district?: string;
  result?: { code: string; publicAnswer: string };
  timeline: { type: string; status: string; message?: string }[];
}

interface StaffView {
  case: { status: string; ownerTenantId?: string; ownerDepartmentCode?: string; result?: { code: string } };
  timeline: { type: string; visibility: string; data?: Record<string, unknown> }[];
}

const dumlupinar = { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' };

/** Files through the public API and waits until routing has moved the case out of NEW. */
async function fileAndRoute(
  workTypeCode: string,
  location: Record<string, unknown> | undefined,
  description = 'Vatandaş başvurusu: lütfen ilgilenin, teşekkürler.',
) {
  const created = await postJson(
    '/v1/public/cases',
    {
      workTypeCode,
      description,
      ...(location ? { location } : {}),
      contact: {
        name: 'Ayşe Yılmaz',
        phone: '0532 765 43 21',
        preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
      },
      consent: { accepted: true, noticeVersion: '2026-11' },
    },
    { 'idempotency-key': randomUUID() },
  );
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const trackingNo = String(created.json.trackingNo).replaceAll('-', '');
  const track = await eventually(async () => {
    const r = await getJson(`/v1/public/track/${trackingNo}`);
    return r.json.status !== 'NEW' ? (r.json as unknown as TrackView) : undefined;
  });
  return { trackingNo, track };
}

/** The coordinator's view of a case: the tracking number's uniqueness item names the case. */
async function staffView(trackingNo: string): Promise<StaffView> {
  const { Item } = await testDocumentClient().send(
    new GetCommand({ TableName: mainTableName(), Key: { pk: `TRACK#${trackingNo}`, sk: '#TRACK' } }),
  );
  const r = await getJson(`/v1/staff/cases/${String(Item?.caseId)}`, coordinator);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as unknown as StaffView;
}

const routingNote = (v: StaffView) =>
  v.timeline.find((e) => e.type === 'note' && e.data?.kind === 'routing')?.data as
    | { explanation: Record<string, unknown> }
    | undefined;

describe('routing by the city configuration', () => {
  it('closes a street-light report as referred to UEDAŞ and tells the citizen to call 186', async () => {
    const { trackingNo, track } = await fileAndRoute('LIGHT-STREETLIGHT-OUT', dumlupinar);
    expect(track.status).toBe('CLOSED');
    expect(track.result).toMatchObject({ code: 'REFERRED_EXTERNAL' });
    expect(track.result?.publicAnswer).toMatch(/UEDAŞ.*186/);
    expect(track.timeline.map((e) => e.type)).toEqual(['created', 'closed']);
    expect(JSON.stringify(track)).not.toMatch(/explanation|configVersion|external-referral/);

    const staff = await staffView(trackingNo);
    expect(staff.case).toMatchObject({
      status: 'CLOSED',
      ownerTenantId: 'balikesir-bb',
      result: { code: 'REFERRED_EXTERNAL' },
    });
    expect(routingNote(staff)?.explanation).toMatchObject({
      rule: 'external-referral',
      referral: { institutionId: 'uedas' },
      location: { districtTenantId: 'balikesir-karesi', method: 'district-polygon' },
    });
  });

  it('sends a "local street" pothole on a designated main artery to the metropolitan municipality', async () => {
    const { trackingNo, track } = await fileAndRoute('ROAD-POTHOLE-LOCAL', {
      ...dumlupinar,
      roadName: 'Milli Kuvvetler Caddesi',
    });
    expect(track).toMatchObject({
      status: 'ROUTED',
      organisation: { tenantId: 'balikesir-bb' },
      district: 'Karesi',
    });
    const staff = await staffView(trackingNo);
    expect(routingNote(staff)?.explanation).toMatchObject({
      rule: 'split-rule',
      splitRule: { id: 'road-local-street', branch: 'designated-arterial' },
    });
  });

  it('keeps social aid for the metropolitan coordinators', async () => {
    const { trackingNo, track } = await fileAndRoute('SOCIAL-FOOD-AID', undefined);
    expect(track).toMatchObject({ status: 'TRIAGE', organisation: { tenantId: 'balikesir-bb' } });
    const staff = await staffView(trackingNo);
    expect(staff.timeline.find((e) => e.type === 'note')).toMatchObject({
      visibility: 'internal',
      data: { kind: 'routing', triageReason: 'always-triage' },
    });
  });
});
