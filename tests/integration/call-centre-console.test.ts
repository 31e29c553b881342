import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, eventually, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * The call-centre console on the local cloud (docs/domain/call-centre.md): caller
 * lookup by phone across the city with tenant isolation and masking, the caller's
 * statement on an open case, the first-contact INFO_GIVEN closure, and duplicates
 * (candidates near a point, the link, and the subscriber hearing the master's next
 * step exactly once). Every case uses its own phone numbers and a point of its own,
 * so nothing depends on what other suites filed.
 */

const tokens: Record<string, string> = {};
const subs: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}`, 'accept-language': 'en' });

/** A mobile number no other test uses, ending in `last2` (masked numbers show the last two digits). */
function uniquePhone(last2 = '00'): string {
  const n = String(Math.floor(Math.random() * 100_000)).padStart(5, '0');
  return `0533${n}${last2}`;
}
const e164 = (phone: string) => `+90${phone.slice(1)}`;

/**
 * A point in Karesi (Dumlupınar) no other test uses: about 550 m north of the spot where
 * most suites file their potholes (39.6485, 27.8862), with a random offset of up to ~55 m,
 * so that spot's cases never crowd the five nearest duplicate candidates.
 */
function karesiPoint() {
  const jitter = () => (Math.random() - 0.5) * 0.001;
  return { lat: 39.6535 + jitter(), lon: 27.8862 + jitter(), neighbourhood: 'Dumlupınar' };
}
/** About `metres` north of a point. */
const north = (p: { lat: number; lon: number }, metres: number) => ({
  lat: p.lat + metres / 111_195,
  lon: p.lon,
});

const contactFor = (phone: string, name = 'Ayşe Yılmaz') => ({
  name,
  phone,
  preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
});

interface OutboxItem {
  channel: string;
  recipientMasked: string;
  trackingNo: string;
  event: string;
  text: string;
}

async function outbox(trackingNo: string): Promise<OutboxItem[]> {
  const r = await getJson(`/v1/dev/outbox?trackingNo=${trackingNo}`, as('metro.coordinator'));
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return (r.json.items as OutboxItem[]).filter((i) => i.event !== 'staff');
}

const digits = (trackingNo: unknown) => String(trackingNo).replaceAll('-', '');

async function caseView(user: string, caseId: string) {
  const r = await getJson(`/v1/staff/cases/${caseId}`, as(user));
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as {
    case: {
      version: number;
      status: string;
      result?: { code: string; evidence?: { masterCaseId?: string } };
    };
    timeline: { type: string; visibility: string; data?: Record<string, unknown> }[];
  };
}

async function putJson(path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(apiUrl(path), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const sub = (token: string) =>
  String(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).sub);

beforeAll(async () => {
  for (const user of [
    'metro.agent',
    'metro.coordinator',
    'metro.admin',
    'karesi.supervisor',
    'karesi.staff',
    'altieylul.supervisor',
  ]) {
    tokens[user] = (await signIn(user)).IdToken;
    subs[user] = sub(tokens[user] ?? '');
  }
});

describe('caller lookup', () => {
  const phone = uniquePhone('41');
  let karesiCase: { caseId: string; trackingNo: string };
  let altieylulCase: { caseId: string; trackingNo: string };

  beforeAll(async () => {
    karesiCase = await fileRoutedCase(potholeSubmission(karesiPoint(), contactFor(phone, 'Ayşe Yılmaz')));
    altieylulCase = await fileRoutedCase(
      potholeSubmission(
        { lat: 39.63, lon: 27.886, neighbourhood: 'Gümüşçeşme' },
        contactFor(phone, 'Ayşe Yılmaz'),
      ),
    );
  });

  it('shows the metro agent the caller’s cases across the city, names masked, and audits the lookup', async () => {
    const r = await postJson(
      '/v1/staff/caller-lookup',
      { phone: phone.replace(/(\d{4})(\d{3})/, '$1 $2 ') },
      as('metro.agent'),
    );
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(JSON.stringify(r.json)).not.toContain(e164(phone));
    const cases = r.json.cases as {
      caseId: string;
      contactName?: string;
      piiAccess: string;
      status: string;
      canAddStatement: boolean;
      trackingNo: string;
    }[];
    // Newest first: the Altıeylül case was filed last.
    expect(cases.map((c) => c.caseId)).toEqual([altieylulCase.caseId, karesiCase.caseId]);
    for (const c of cases) {
      expect(c.piiAccess).toBe('masked');
      expect(c.contactName).not.toBe('Ayşe Yılmaz');
      expect(c.contactName).toMatch(/^A/);
      expect(c.trackingNo).toMatch(/^\d{4}-\d{4}-\d{4}$/);
      expect(c.status).toBe('ROUTED');
      // The metro's agent comments city-wide, so it may add to either.
      expect(c.canAddStatement).toBe(true);
    }
    expect(r.json.preference).toEqual({ channel: 'sms', granularity: 'every_stage', language: 'tr' });
    expect(r.json.name).toBeUndefined();

    const audit = await testDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': `AUDITUSER#${subs['metro.agent']}` },
        ScanIndexForward: false,
      }),
    );
    const lookup = (audit.Items ?? []).find(
      (i) =>
        i.action === 'caller.lookup' &&
        ((i.details?.caseIds as string[] | undefined) ?? []).includes(karesiCase.caseId),
    );
    expect(lookup?.details).toMatchObject({ resultCount: 2 });
    // The audit record names the cases, never the number.
    expect(JSON.stringify(lookup)).not.toContain(e164(phone));
  });

  it('shows a district supervisor only the cases of its own tenant, in clear', async () => {
    const r = await postJson('/v1/staff/caller-lookup', { phone }, as('karesi.supervisor'));
    expect(r.status).toBe(200);
    const cases = r.json.cases as { caseId: string; contactName?: string; piiAccess: string }[];
    expect(cases.map((c) => c.caseId)).toEqual([karesiCase.caseId]);
    expect(cases[0]).toMatchObject({ piiAccess: 'full', contactName: 'Ayşe Yılmaz' });
    expect(r.json.name).toBe('Ayşe Yılmaz');

    const other = await postJson('/v1/staff/caller-lookup', { phone }, as('altieylul.supervisor'));
    expect((other.json.cases as { caseId: string }[]).map((c) => c.caseId)).toEqual([altieylulCase.caseId]);
  });

  it('refuses an invalid number and a caller with nothing on record gets an empty history', async () => {
    const bad = await postJson('/v1/staff/caller-lookup', { phone: '12' }, as('metro.agent'));
    expect(bad.status).toBe(400);
    const none = await postJson('/v1/staff/caller-lookup', { phone: uniquePhone('99') }, as('metro.agent'));
    expect(none.status).toBe(200);
    expect(none.json.cases).toEqual([]);
  });

  it('adds the caller’s new statement to an open case, once per statement id', async () => {
    const statement = {
      statementId: crypto.randomUUID(),
      text: 'Çukur büyüdü, bugün bir motosiklet düştü.',
      channel: 'call_center',
    };
    const path = `/v1/staff/cases/${karesiCase.caseId}/caller-statements`;
    const first = await postJson(path, statement, as('metro.agent'));
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(first.json.replayed).toBe(false);
    const again = await postJson(path, statement, as('metro.agent'));
    expect(again.json.replayed).toBe(true);
    const view = await caseView('karesi.supervisor', karesiCase.caseId);
    const entries = view.timeline.filter(
      (e) => e.type === 'comment' && e.data?.commentId === statement.statementId,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      visibility: 'internal',
      data: { kind: 'caller-statement', channel: 'call_center', text: statement.text },
    });
    // Another tenant's case is not there for a district supervisor (404, not 403).
    const foreign = await postJson(
      `/v1/staff/cases/${altieylulCase.caseId}/caller-statements`,
      { ...statement, statementId: crypto.randomUUID() },
      as('karesi.supervisor'),
    );
    expect(foreign.status).toBe(404);
  });
});

describe('first-contact closure', () => {
  it('files an information request and closes it with INFO_GIVEN at once; the citizen gets the answer', async () => {
    const phone = uniquePhone('52');
    const publicAnswer = 'Su faturaları her ayın beşinde kesilir; son ödeme günü ayın yirmisidir.';
    const r = await postJson(
      '/v1/staff/first-contact-cases',
      {
        workTypeCode: 'GEN-INFO',
        description: 'Su faturasının hangi gün kesildiğini soruyor.',
        channel: 'call_center',
        contact: contactFor(phone),
        consent: { accepted: true, noticeVersion: '2026-11' },
        resultCode: 'INFO_GIVEN',
        publicAnswer,
      },
      { ...as('metro.agent'), 'idempotency-key': `first-contact-${crypto.randomUUID()}` },
    );
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json).toMatchObject({ status: 'CLOSED', resultCode: 'INFO_GIVEN' });
    const caseId = String(r.json.caseId);
    const view = await caseView('metro.coordinator', caseId);
    expect(view.case.result?.code).toBe('INFO_GIVEN');
    const types = view.timeline.map((e) => e.type);
    expect(types).toContain('created');
    expect(types).toContain('closed');
    expect(view.timeline.find((e) => e.type === 'closed')?.data).toMatchObject({
      atFirstContact: true,
      publicAnswer,
    });
    // Never routed: nobody else's queue sees it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await caseView('metro.coordinator', caseId)).timeline.some((e) => e.type === 'routed')).toBe(
      false,
    );
    const sent = await eventually(async () => {
      const items = await outbox(digits(r.json.trackingNo));
      return items.length > 0 ? items : undefined;
    }, 30_000);
    expect(sent.map((i) => i.event)).toEqual(['closed']);
    expect(sent[0]?.text).toContain('her ayın beşinde');
  });

  it('refuses results that need a unit’s work, and roles that may not close', async () => {
    const body = {
      workTypeCode: 'GEN-INFO',
      description: 'Belediyenin çalışma saatlerini soruyor.',
      channel: 'call_center',
      consent: { accepted: true, noticeVersion: '2026-11' },
      publicAnswer: 'Belediyemiz hafta içi 08.30–17.30 arasında açıktır.',
    };
    const resolved = await postJson(
      '/v1/staff/first-contact-cases',
      { ...body, resultCode: 'RESOLVED' },
      as('metro.agent'),
    );
    expect(resolved.status).toBe(400);
    const staff = await postJson('/v1/staff/first-contact-cases', body, as('karesi.staff'));
    expect(staff.status).toBe(403);
  });
});

describe('duplicates at intake', () => {
  const point = karesiPoint();
  const masterPhone = uniquePhone('61');
  const secondPhone = uniquePhone('72');
  let master: { caseId: string; trackingNo: string };
  let duplicateId: string;

  beforeAll(async () => {
    master = await fileRoutedCase(potholeSubmission(point, contactFor(masterPhone, 'Mehmet Kaya')));
  });

  it('offers the open case of the same work type a few metres away, to those who may read it', async () => {
    const near = north(point, 30);
    const r = await postJson(
      '/v1/staff/duplicate-candidates',
      { workTypeCode: 'ROAD-POTHOLE-LOCAL', location: near },
      as('metro.agent'),
    );
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ radiusMetres: 100, windowDays: 30 });
    const candidates = r.json.candidates as {
      caseId: string;
      distanceMetres: number;
      sameWorkType: boolean;
      trackingNo: string;
    }[];
    const found = candidates.find((c) => c.caseId === master.caseId);
    expect(found).toMatchObject({ sameWorkType: true });
    expect(found?.distanceMetres).toBeGreaterThanOrEqual(25);
    expect(found?.distanceMetres).toBeLessThanOrEqual(35);
    expect(JSON.stringify(r.json)).not.toContain('Mehmet');

    // Another district's supervisor does not see Karesi's case; 500 m away it is no candidate.
    const foreign = await postJson(
      '/v1/staff/duplicate-candidates',
      { workTypeCode: 'ROAD-POTHOLE-LOCAL', location: near },
      as('altieylul.supervisor'),
    );
    expect((foreign.json.candidates as { caseId: string }[]).map((c) => c.caseId)).not.toContain(
      master.caseId,
    );
    const far = await postJson(
      '/v1/staff/duplicate-candidates',
      { workTypeCode: 'ROAD-POTHOLE-LOCAL', location: north(point, 500) },
      as('metro.agent'),
    );
    expect((far.json.candidates as { caseId: string }[]).map((c) => c.caseId)).not.toContain(master.caseId);
  });

  it('links: the new case closes as DUPLICATE, and its citizen is told the master’s number', async () => {
    const r = await postJson(
      '/v1/staff/duplicate-links',
      {
        ...potholeSubmission(
          { ...north(point, 30), neighbourhood: 'Dumlupınar' },
          contactFor(secondPhone, 'Zeynep Demir'),
        ),
        channel: 'call_center',
        masterCaseId: master.caseId,
      },
      as('metro.agent'),
    );
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json).toMatchObject({ status: 'CLOSED', resultCode: 'DUPLICATE', masterCaseId: master.caseId });
    duplicateId = String(r.json.caseId);
    const view = await caseView('metro.coordinator', duplicateId);
    expect(view.case.result).toMatchObject({ code: 'DUPLICATE', evidence: { masterCaseId: master.caseId } });
    const told = await eventually(async () => {
      const items = await outbox(digits(r.json.trackingNo));
      return items.length > 0 ? items : undefined;
    }, 30_000);
    expect(told.map((i) => i.event)).toEqual(['closed']);
    expect(told[0]?.text).toContain(master.trackingNo.replace(/(\d{4})(\d{4})(\d{4})/, '$1-$2-$3'));
  });

  it('the subscriber hears the master’s next step exactly once, besides the master’s own citizen', async () => {
    const before = (await outbox(master.trackingNo)).filter((i) => i.event === 'accepted');
    expect(before).toHaveLength(0);
    const { case: current } = await caseView('karesi.supervisor', master.caseId);
    const accepted = await postJson(
      `/v1/staff/cases/${master.caseId}/actions`,
      { action: 'accept', expectedVersion: current.version },
      as('karesi.supervisor'),
    );
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    const items = await eventually(async () => {
      const all = (await outbox(master.trackingNo)).filter((i) => i.event === 'accepted');
      return all.length >= 2 ? all : undefined;
    }, 30_000);
    // Give a redelivery time to show up, then count again: one each, never two.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const again = (await outbox(master.trackingNo)).filter((i) => i.event === 'accepted');
    expect(again).toHaveLength(2);
    expect(items.map((i) => i.recipientMasked.slice(-2)).sort()).toEqual(['61', '72']);
    const timeline = (await caseView('karesi.supervisor', master.caseId)).timeline;
    const toSubscriber = timeline.filter(
      (e) =>
        e.type === 'notification_sent' &&
        e.data?.subscriberCaseId === duplicateId &&
        e.data?.step === 'accepted',
    );
    expect(toSubscriber).toHaveLength(1);
  });

  it('takes the radius and window from the metropolitan municipality’s settings, and can be switched off', async () => {
    const path = '/v1/admin/tenants/balikesir-bb/settings';
    const put = async (value: unknown) => {
      const current = await getJson(path, as('metro.admin'));
      expect(current.status).toBe(200);
      const saved = await putJson(
        `${path}/duplicateDetection`,
        { expectedVersion: current.json.version, value },
        as('metro.admin'),
      );
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    };
    const candidatesAt = async (metres: number) => {
      const r = await postJson(
        '/v1/staff/duplicate-candidates',
        { workTypeCode: 'ROAD-POTHOLE-LOCAL', location: north(point, metres) },
        as('metro.agent'),
      );
      expect(r.status).toBe(200);
      return r.json as { radiusMetres: number; windowDays: number; candidates: { caseId: string }[] };
    };
    expect((await candidatesAt(300)).candidates.map((c) => c.caseId)).not.toContain(master.caseId);
    try {
      await put({ groups: [{ group: 'ROAD', radiusMetres: 400, windowDays: 10 }] });
      const wider = await candidatesAt(300);
      expect(wider).toMatchObject({ radiusMetres: 400, windowDays: 10 });
      expect(wider.candidates.map((c) => c.caseId)).toContain(master.caseId);
      await put({ enabled: false });
      expect((await candidatesAt(10)).candidates).toEqual([]);
    } finally {
      await put(null);
    }
    expect(await candidatesAt(300)).toMatchObject({ radiusMetres: 100, windowDays: 30 });
  });

  it('refuses to link to a case that is not open', async () => {
    const closed = await postJson(
      '/v1/staff/first-contact-cases',
      {
        workTypeCode: 'GEN-INFO',
        description: 'Kapalı bir başvuruya bağlanmayı denemek için.',
        channel: 'call_center',
        consent: { accepted: true, noticeVersion: '2026-11' },
        publicAnswer: 'Bilgi verildi, teşekkür ederiz.',
      },
      as('metro.agent'),
    );
    expect(closed.status).toBe(201);
    const r = await postJson(
      '/v1/staff/duplicate-links',
      {
        workTypeCode: 'GEN-INFO',
        description: 'Aynı konuyu yeniden soruyor.',
        channel: 'call_center',
        consent: { accepted: true, noticeVersion: '2026-11' },
        masterCaseId: closed.json.caseId,
      },
      as('metro.agent'),
    );
    expect(r.status).toBe(422);
  });
});
