import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiUrl, eventually, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * Incidents and the muhtar channel on the local cloud (docs/domain/incidents.md,
 * docs/domain/muhtar-channel.md). The incident's area is a neighbourhood other suites
 * do not file in (Toygar, Karesi) and its phones are this file's own, so counts are
 * exact in the shared cloud.
 */

const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}`, 'accept-language': 'en' });

const toygar = { lat: 39.6531, lon: 27.8962, neighbourhood: 'Toygar', address: 'Toygar Mah. 3. Sokak' };
const dumlupinar = {
  lat: 39.6485,
  lon: 27.8862,
  neighbourhood: 'Dumlupınar',
  address: 'Dumlupınar Mah. 5. Sokak',
};

function uniquePhone(): string {
  return `0533${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
}

const smsContact = (phone: string) => ({
  name: 'Fatma Demir',
  phone,
  preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
});

const waterOutage = (location: typeof toygar, phone: string) => ({
  ...potholeSubmission(location, smsContact(phone)),
  workTypeCode: 'WATER-NO-SUPPLY',
  description: 'Sabahtan beri evimizde su yok, komşularda da yok.',
});

interface OutboxItem {
  channel: string;
  trackingNo: string;
  event: string;
  text: string;
  recipientMasked: string;
}

async function outbox(query: string): Promise<OutboxItem[]> {
  const r = await getJson(`/v1/dev/outbox?${query}&limit=200`, as('metro.coordinator'));
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json.items as OutboxItem[];
}

async function request(method: string, path: string, user: string, body?: unknown) {
  const res = await fetch(apiUrl(path), {
    method,
    headers: { 'content-type': 'application/json', ...as(user) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

interface TimelineEvent {
  type: string;
  data?: Record<string, unknown>;
}

async function staffCase(user: string, caseId: string) {
  const r = await getJson(`/v1/staff/cases/${caseId}`, as(user));
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as {
    case: { status: string; incidentId?: string; version: number };
    timeline: TimelineEvent[];
  };
}

let sqs: SQSClient;

beforeAll(async () => {
  for (const user of [
    'baski.supervisor',
    'karesi.supervisor',
    'metro.coordinator',
    'metro.agent',
    'karesi.muhtar',
  ]) {
    tokens[user] = (await signIn(user)).IdToken;
  }
  const e = inject('endpoints');
  sqs = new SQSClient({
    endpoint: e.sqsEndpoint,
    region: e.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
});

afterAll(() => sqs?.destroy());

describe('a water outage declared by BASKİ', () => {
  let incident: { id: string; version: number };
  const phones = [uniquePhone(), uniquePhone()];
  const attached: { caseId: string; trackingNo: string }[] = [];
  let outside: { caseId: string; trackingNo: string };
  let pothole: { caseId: string; trackingNo: string };

  it('is declared by the utility with its area, work types and script', async () => {
    const r = await request('POST', '/v1/staff/incidents', 'baski.supervisor', {
      tenantId: 'baski',
      workTypeGroup: 'WATER',
      area: {
        neighbourhoods: [{ districtTenantId: 'balikesir-karesi', name: 'toygar' }],
        circles: [{ center: { lat: 39.6531, lon: 27.8962 }, radiusMetres: 150 }],
      },
      title: 'Toygar ana hat arızası',
      publicMessage: { tr: 'Toygar Mahallesinde ana hat arızası nedeniyle su kesintisi var.' },
      agentScript: {
        tr: 'Toygar ana hat arızası biliniyor; ekipler çalışıyor, su 16.00 gibi gelecek.',
        en: 'The Toygar main is being repaired; water is expected back around 16:00.',
      },
      expectedEndAt: new Date(Date.now() + 6 * 3600_000).toISOString(),
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json).toMatchObject({ status: 'ACTIVE', attaching: true, attachedCount: 0, tenantId: 'baski' });
    // The city's spelling of the neighbourhood is kept, whatever the form typed.
    expect((r.json.area as { neighbourhoods: { name: string }[] }).neighbourhoods[0]?.name).toBe('Toygar');
    incident = { id: String(r.json.id), version: Number(r.json.version) };

    const active = await getJson('/v1/staff/incidents', as('metro.agent'));
    expect(active.status).toBe(200);
    const listed = (active.json.incidents as { id: string; agentScript: { tr: string } }[]).find(
      (i) => i.id === incident.id,
    );
    expect(listed?.agentScript.tr).toContain('16.00');
  });

  it('only its own tenant (or the metro coordinators) may declare and end it', async () => {
    const declared = await request('POST', '/v1/staff/incidents', 'karesi.supervisor', {
      tenantId: 'baski',
      workTypeCodes: ['WATER-NO-SUPPLY'],
      area: { neighbourhoods: [{ districtTenantId: 'balikesir-karesi', name: 'Toygar' }] },
      title: 'Başkasının olayı',
      publicMessage: { tr: 'Deneme' },
      agentScript: { tr: 'Deneme' },
      expectedEndAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(declared.status).toBe(403);
    const ended = await request('POST', `/v1/staff/incidents/${incident.id}/end`, 'karesi.supervisor', {
      expectedVersion: incident.version,
      closingMessage: { tr: 'Bitti' },
    });
    expect(ended.status).toBe(404);
    const agent = await request('PATCH', `/v1/staff/incidents/${incident.id}`, 'metro.agent', {
      expectedVersion: incident.version,
      expectedEndAt: new Date(Date.now() + 9 * 3600_000).toISOString(),
    });
    expect(agent.status).toBe(404);
    const unchanged = await getJson(`/v1/staff/incidents/${incident.id}`, as('baski.supervisor'));
    expect(unchanged.json).toMatchObject({ status: 'ACTIVE', version: incident.version });
  });

  it('attaches new cases of its group in its area, once each', async () => {
    for (const phone of phones) attached.push(await fileRoutedCase(waterOutage(toygar, phone)));
    outside = await fileRoutedCase(waterOutage(dumlupinar, uniquePhone()));
    pothole = await fileRoutedCase(potholeSubmission(toygar, smsContact(uniquePhone())));

    for (const { caseId } of attached) {
      const { case: c, timeline } = await staffCase('baski.supervisor', caseId);
      expect(c.incidentId).toBe(incident.id);
      expect(timeline.filter((e) => e.type === 'incident_attached')).toHaveLength(1);
    }
    expect((await staffCase('baski.supervisor', outside.caseId)).case.incidentId).toBeUndefined();
    expect((await staffCase('karesi.supervisor', pothole.caseId)).case.incidentId).toBeUndefined();

    // The routing message delivered again changes nothing: one attachment, one count.
    const queueUrl = inject('endpoints').queues.routing?.url;
    if (!queueUrl) throw new Error('no routing queue');
    const first = attached[0];
    if (!first) throw new Error('no attached case');
    const body = JSON.stringify({
      intent: 'route-case',
      caseId: first.caseId,
      eventId: '01JAAAAAAAAAAAAAAAAAAAAAAA',
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await new Promise((r) => setTimeout(r, 2_000));
    const again = await staffCase('baski.supervisor', first.caseId);
    expect(again.timeline.filter((e) => e.type === 'incident_attached')).toHaveLength(1);
    const read = await getJson(`/v1/staff/incidents/${incident.id}`, as('baski.supervisor'));
    expect(read.json.attachedCount).toBe(2);
  });

  it('the public track page tells the citizen about the incident', async () => {
    const track = await getJson(`/v1/public/track/${attached[0]?.trackingNo}`);
    expect(track.status).toBe(200);
    expect(JSON.stringify(track.json)).toContain('incident_attached');
  });

  it('a stale change is refused with the current incident', async () => {
    const updated = await request('PATCH', `/v1/staff/incidents/${incident.id}`, 'baski.supervisor', {
      expectedVersion: incident.version,
      expectedEndAt: new Date(Date.now() + 8 * 3600_000).toISOString(),
      agentScript: { tr: 'Su 18.00 gibi gelecek; ekipler sahada.' },
    });
    expect(updated.status, JSON.stringify(updated.json)).toBe(200);
    const stale = await request('PATCH', `/v1/staff/incidents/${incident.id}`, 'baski.supervisor', {
      expectedVersion: incident.version,
      expectedEndAt: new Date(Date.now() + 9 * 3600_000).toISOString(),
    });
    expect(stale.status).toBe(409);
    expect((stale.json.current as { version: number }).version).toBe(incident.version + 1);
    incident.version += 1;
  });

  it('at its end every attached citizen gets exactly one message, and the cases are resolved', async () => {
    const ended = await request('POST', `/v1/staff/incidents/${incident.id}/end`, 'baski.supervisor', {
      expectedVersion: incident.version,
      closingMessage: { tr: 'Toygar ana hattı onarıldı, su verildi.', en: 'The Toygar main is repaired.' },
    });
    expect(ended.status, JSON.stringify(ended.json)).toBe(200);
    expect(ended.json).toMatchObject({ status: 'ENDED', attaching: false });

    for (const { caseId, trackingNo } of attached) {
      const resolved = await eventually(async () => {
        const items = (await outbox(`trackingNo=${trackingNo}`)).filter((i) => i.event === 'resolved');
        return items.length > 0 ? items : undefined;
      }, 40_000);
      expect(resolved).toHaveLength(1);
      expect(resolved[0]?.text).toContain('su verildi');
      const { case: c } = await staffCase('baski.supervisor', caseId);
      expect(c.status).toBe('RESOLVED');
    }
    // Not attached: still open, nothing said.
    expect((await staffCase('baski.supervisor', outside.caseId)).case.status).toBe('ROUTED');
    expect((await outbox(`trackingNo=${outside.trackingNo}`)).filter((i) => i.event === 'resolved')).toEqual(
      [],
    );
  });

  it('a redelivered fan-out and a repeated end send nothing more', async () => {
    const queueUrl = inject('endpoints').queues.incidents?.url;
    if (!queueUrl) throw new Error('no incidents queue');
    const caseIds = attached.map((a) => a.caseId);
    for (const body of [
      { kind: 'cases', incidentId: incident.id, caseIds },
      { kind: 'plan', incidentId: incident.id },
    ]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));
    }
    const repeated = await request('POST', `/v1/staff/incidents/${incident.id}/end`, 'baski.supervisor', {
      expectedVersion: incident.version,
      closingMessage: { tr: 'Toygar ana hattı onarıldı, su verildi.', en: 'The Toygar main is repaired.' },
    });
    expect(repeated.status).toBe(200);
    await new Promise((r) => setTimeout(r, 4_000));
    for (const { trackingNo, caseId } of attached) {
      const items = (await outbox(`trackingNo=${trackingNo}`)).filter((i) => i.event === 'resolved');
      expect(items).toHaveLength(1);
      const { timeline } = await staffCase('baski.supervisor', caseId);
      expect(timeline.filter((e) => e.type === 'incident_ended')).toHaveLength(1);
    }
    const final = await getJson(`/v1/staff/incidents/${incident.id}`, as('metro.coordinator'));
    expect(final.json).toMatchObject({ status: 'ENDED', attachedCount: 2 });
  });
});

describe('the muhtar channel', () => {
  let neighbourhood: string;
  let filed: { caseId: string; trackingNo: string };
  const muhtarPhone = '+905550000101';

  it('a muhtar files a case for their own neighbourhood, through the muhtar channel', async () => {
    const me = await getJson('/v1/staff/me', as('karesi.muhtar'));
    neighbourhood = String(me.json.neighbourhood);
    const r = await postJson(
      '/v1/staff/cases',
      {
        channel: 'call_center',
        workTypeCode: 'ROAD-POTHOLE-LOCAL',
        description: 'Mahallemizin ana sokağında büyük bir çukur oluştu.',
        contact: smsContact(uniquePhone()),
        consent: { accepted: true, noticeVersion: '2026-11' },
      },
      as('karesi.muhtar'),
    );
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    filed = { caseId: String(r.json.caseId), trackingNo: String(r.json.trackingNo).replaceAll('-', '') };
    const read = await getJson(`/v1/staff/cases/${filed.caseId}`, as('karesi.muhtar'));
    expect(read.status).toBe(200);
    const c = read.json.case as { channel: string; location?: { neighbourhood?: string } };
    expect(c.channel).toBe('muhtar');
    expect(c.location?.neighbourhood).toBe(neighbourhood);
  });

  it('each stage change reaches the muhtar by SMS, once', async () => {
    const routed = await eventually(async () => {
      const items = (await outbox(`recipient=${encodeURIComponent(muhtarPhone)}`)).filter(
        (i) => i.trackingNo === filed.trackingNo,
      );
      return items.length >= 1 ? items : undefined;
    }, 30_000);
    expect(routed[0]?.channel).toBe('sms');
    expect(routed[0]?.text).toContain('Muhtarlık başvurusu');

    const current = await staffCase('karesi.supervisor', filed.caseId);
    const accepted = await postJson(
      `/v1/staff/cases/${filed.caseId}/actions`,
      { expectedVersion: current.case.version, action: 'accept' },
      as('karesi.supervisor'),
    );
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    const both = await eventually(async () => {
      const items = (await outbox(`recipient=${encodeURIComponent(muhtarPhone)}`)).filter(
        (i) => i.trackingNo === filed.trackingNo,
      );
      return items.length >= 2 ? items : undefined;
    }, 30_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const settled = (await outbox(`recipient=${encodeURIComponent(muhtarPhone)}`)).filter(
      (i) => i.trackingNo === filed.trackingNo,
    );
    expect(settled).toHaveLength(2);
    expect(both.some((i) => i.text.includes('kabul'))).toBe(true);
  });

  it("the muhtar sees their neighbourhood's cases, public fields only", async () => {
    const citizenPhone = uniquePhone();
    const citizens = await fileRoutedCase(
      potholeSubmission(
        { lat: 39.6495, lon: 27.883, neighbourhood, address: `${neighbourhood} Mah. 7. Sokak` },
        {
          name: 'Zeynep Kaya',
          phone: citizenPhone,
          preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
        },
      ),
    );
    const elsewhere = await fileRoutedCase(potholeSubmission(dumlupinar));
    const list = await eventually(async () => {
      const r = await getJson('/v1/staff/neighbourhood-cases?limit=50', as('karesi.muhtar'));
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      const ids = (r.json.cases as { caseId: string }[]).map((c) => c.caseId);
      return ids.includes(citizens.caseId) && ids.includes(filed.caseId) ? r.json : undefined;
    });
    const cases = list.cases as Record<string, unknown>[];
    expect(cases.map((c) => c.caseId)).not.toContain(elsewhere.caseId);
    const mine = cases.find((c) => c.caseId === filed.caseId);
    const theirs = cases.find((c) => c.caseId === citizens.caseId);
    expect(mine).toMatchObject({ filedByMe: true, status: 'ACCEPTED' });
    expect(theirs).toMatchObject({ filedByMe: false, workTypeCode: 'ROAD-POTHOLE-LOCAL' });
    const text = JSON.stringify(list);
    expect(text).not.toContain('Zeynep');
    expect(text).not.toContain(citizenPhone.slice(-7));
    expect(text).not.toContain('7. Sokak');
    expect(Object.keys(theirs ?? {}).sort()).toEqual(
      [
        'caseId',
        'createdAt',
        'filedByMe',
        'status',
        'trackingNo',
        'updatedAt',
        'workTypeCode',
        'workTypeName',
      ].sort(),
    );

    const filtered = await getJson(
      '/v1/staff/neighbourhood-cases?status=ACCEPTED&limit=50',
      as('karesi.muhtar'),
    );
    expect((filtered.json.cases as { status: string }[]).every((c) => c.status === 'ACCEPTED')).toBe(true);
    expect((filtered.json.cases as { caseId: string }[]).map((c) => c.caseId)).toContain(filed.caseId);
  });

  it('no one else reads a neighbourhood list, and a muhtar cannot ask for another', async () => {
    expect((await getJson('/v1/staff/neighbourhood-cases', as('karesi.supervisor'))).status).toBe(403);
    const other = await getJson(
      '/v1/staff/neighbourhood-cases?neighbourhood=Dumlup%C4%B1nar',
      as('karesi.muhtar'),
    );
    expect(other.status).toBe(400);
    // Another neighbourhood's case stays closed to the muhtar in full as well.
    const elsewhere = await fileRoutedCase(potholeSubmission(dumlupinar));
    expect((await getJson(`/v1/staff/cases/${elsewhere.caseId}`, as('karesi.muhtar'))).status).toBe(404);
  });
});
