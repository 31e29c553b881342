import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, eventually, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * The work engine through the real API: staff intake, routing, the lifecycle
 * commands with optimistic locking, queues, transfer, return to triage, split, and
 * comments. The exhaustive transition table is tested in packages/domain.
 */

const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}`, 'accept-language': 'en' });

interface CaseView {
  case: { id: string; version: number; status: string; ownerTenantId?: string; assignee?: { id: string } };
  allowedActions: string[];
  timeline: { type: string; visibility: string; data?: Record<string, unknown> }[];
}

const karesiStreet = {
  lat: 39.6485,
  lon: 27.8862,
  neighbourhood: 'Dumlupınar',
  address: 'Dumlupınar Mah. 5. Sokak No:7',
};

async function view(user: string, caseId: string): Promise<CaseView> {
  const r = await getJson(`/v1/staff/cases/${caseId}`, as(user));
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as unknown as CaseView;
}

async function act(user: string, caseId: string, command: Record<string, unknown>) {
  const current = await view(user, caseId);
  return postJson(
    `/v1/staff/cases/${caseId}/actions`,
    { expectedVersion: current.case.version, ...command },
    as(user),
  );
}

async function expectAct(user: string, caseId: string, command: Record<string, unknown>): Promise<CaseView> {
  const r = await act(user, caseId, command);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as unknown as CaseView;
}

async function userId(user: string): Promise<string> {
  const me = await getJson('/v1/staff/me', as(user));
  return String(me.json.userId);
}

beforeAll(async () => {
  for (const user of [
    'metro.agent',
    'metro.coordinator',
    'karesi.supervisor',
    'karesi.staff',
    'altieylul.staff',
    'baski.supervisor',
  ]) {
    tokens[user] = (await signIn(user)).IdToken;
  }
});

describe('the journey of a call-centre case', () => {
  let caseId: string;

  it('an agent files by phone and routing gives the case to Karesi', async () => {
    const filed = await postJson(
      '/v1/staff/cases',
      { ...potholeSubmission(karesiStreet), channel: 'call_center' },
      { ...as('metro.agent'), 'idempotency-key': randomUUID() },
    );
    expect(filed.status, JSON.stringify(filed.json)).toBe(201);
    expect(filed.json.trackingNo).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    caseId = String(filed.json.caseId);
    const routed = await eventually(async () => {
      const r = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.supervisor'));
      return r.status === 200 && (r.json as unknown as CaseView).case.status === 'ROUTED'
        ? (r.json as unknown as CaseView)
        : undefined;
    });
    expect(routed.case.ownerTenantId).toBe('balikesir-karesi');
    expect(routed.allowedActions).toEqual(expect.arrayContaining(['accept', 'return']));
  });

  it("the case is in Karesi's queue, not in Altıeylül's", async () => {
    const queue = await getJson('/v1/staff/queue?status=ROUTED&limit=100', as('karesi.supervisor'));
    expect(queue.status).toBe(200);
    expect((queue.json.items as { id: string }[]).map((i) => i.id)).toContain(caseId);
    const other = await getJson('/v1/staff/queue?limit=100', as('altieylul.staff'));
    expect((other.json.items as { id: string }[]).map((i) => i.id)).not.toContain(caseId);
  });

  it('of two supervisors accepting at once exactly one wins; the other gets 409 with the current state', async () => {
    const { case: c } = await view('karesi.supervisor', caseId);
    const [a, b] = await Promise.all(
      [1, 2].map(() =>
        postJson(
          `/v1/staff/cases/${caseId}/actions`,
          { action: 'accept', expectedVersion: c.version },
          as('karesi.supervisor'),
        ),
      ),
    );
    expect([a?.status, b?.status].sort()).toEqual([200, 409]);
    const conflict = a?.status === 409 ? a : b;
    expect(conflict?.headers.get('content-type')).toContain('application/problem+json');
    expect(conflict?.json.current).toEqual({ version: c.version + 1, status: 'ACCEPTED' });
  });

  it('a stale version is refused with 409 and changes nothing', async () => {
    const before = await view('karesi.supervisor', caseId);
    const stale = await postJson(
      `/v1/staff/cases/${caseId}/actions`,
      { action: 'start', expectedVersion: before.case.version - 1 },
      as('karesi.supervisor'),
    );
    expect(stale.status).toBe(409);
    expect((await view('karesi.supervisor', caseId)).case.version).toBe(before.case.version);
  });

  it('the supervisor assigns it to a staff member, who finds it under "my cases"', async () => {
    const staffId = await userId('karesi.staff');
    const directory = await getJson('/v1/staff/directory', as('karesi.supervisor'));
    const person = (directory.json.people as { userId: string; displayName: string }[]).find(
      (p) => p.userId === staffId,
    );
    expect(person).toBeDefined();
    const assigned = await expectAct('karesi.supervisor', caseId, {
      action: 'assign',
      assignee: { kind: 'user', id: staffId, name: person?.displayName },
    });
    expect(assigned.case.status).toBe('ASSIGNED');
    const mine = await getJson('/v1/staff/queue?assignee=me', as('karesi.staff'));
    expect((mine.json.items as { id: string }[]).map((i) => i.id)).toContain(caseId);
  });

  it('Altıeylül staff cannot act on it: 404, as if it did not exist', async () => {
    const r = await postJson(
      `/v1/staff/cases/${caseId}/actions`,
      { action: 'start', expectedVersion: 1 },
      as('altieylul.staff'),
    );
    expect(r.status).toBe(404);
  });

  it('the staff member starts and resolves it; the citizen sees the public answer', async () => {
    await expectAct('karesi.staff', caseId, { action: 'accept-assignment' });
    await expectAct('karesi.staff', caseId, { action: 'start' });
    const resolved = await expectAct('karesi.staff', caseId, {
      action: 'resolve',
      resultCode: 'SCHEDULED',
      publicAnswer: 'Çukur, önümüzdeki hafta asfalt yama programına alınmıştır.',
      internalNote: 'Yama ekibi 2 programına eklendi.',
      evidence: { plannedDate: '2030-06-01' },
    });
    expect(resolved.case.status).toBe('RESOLVED');
    const detail = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.staff'));
    const trackingNo = String((detail.json.case as { trackingNo: string }).trackingNo);
    const track = await getJson(`/v1/public/track/${trackingNo}`);
    expect(track.json.status).toBe('RESOLVED');
    expect(JSON.stringify(track.json)).toContain('asfalt yama programına');
    expect(JSON.stringify(track.json)).not.toContain('Yama ekibi 2');
  });

  it('closing without a result code at first contact is refused with the missing fields', async () => {
    // Social aid always goes to the coordinators' triage, so the case stays closable
    // whether routing has run yet or not (a pothole could already be with Karesi).
    const filed = await postJson(
      '/v1/staff/cases',
      { ...potholeSubmission(karesiStreet), workTypeCode: 'SOCIAL-FOOD-AID', channel: 'walk_in' },
      as('metro.agent'),
    );
    expect(filed.status, JSON.stringify(filed.json)).toBe(201);
    const id = String(filed.json.caseId);
    let r = await act('metro.coordinator', id, { action: 'close' });
    // Routing runs concurrently and may change the case (NEW to TRIAGE) between the read and the command.
    for (let retry = 0; r.status === 409 && retry < 5; retry++)
      r = await act('metro.coordinator', id, { action: 'close' });
    expect(r.status).toBe(422);
    expect(r.json.errors).toBeDefined();
  });
});

describe('moving cases between tenants', () => {
  it('a district transfers a case to the water utility; the district keeps read-only access', async () => {
    const { caseId } = await fileRoutedCase(potholeSubmission(karesiStreet));
    const moved = await expectAct('karesi.supervisor', caseId, {
      action: 'transfer',
      tenantId: 'baski',
      departmentCode: 'SU_ISLETME',
      reason: 'Çukur bir su borusu arızasından kaynaklanıyor.',
    });
    expect(moved.case.ownerTenantId).toBe('baski');
    expect(moved.case.status).toBe('ROUTED');
    const former = await view('karesi.supervisor', caseId);
    expect(former.allowedActions).toEqual([]);
    const utility = await view('baski.supervisor', caseId);
    expect(utility.allowedActions).toContain('accept');
  });

  it('"not ours": a district returns a case to metro triage with a reason', async () => {
    const { caseId } = await fileRoutedCase(potholeSubmission(karesiStreet));
    const returned = await expectAct('karesi.staff', caseId, {
      action: 'return',
      reason: 'Bu cadde büyükşehrin ana arteridir.',
    });
    expect(returned.case.status).toBe('TRIAGE');
    expect(returned.case.ownerTenantId).toBe('balikesir-bb');
    const triage = await getJson(
      '/v1/staff/queue?tenantId=balikesir-bb&status=TRIAGE&limit=100',
      as('metro.coordinator'),
    );
    expect((triage.json.items as { id: string }[]).map((i) => i.id)).toContain(caseId);
  });

  it('a coordinator splits a case; the parent resolves when every child has', async () => {
    const { caseId } = await fileRoutedCase(potholeSubmission(karesiStreet));
    const split = await expectAct('metro.coordinator', caseId, {
      action: 'split',
      note: 'Hem yol hem su arızası var.',
      children: [
        { workTypeCode: 'ROAD-POTHOLE-LOCAL', tenantId: 'balikesir-karesi', departmentCode: 'FEN' },
        { workTypeCode: 'ROAD-POTHOLE-LOCAL', tenantId: 'baski', departmentCode: 'SU_ISLETME' },
      ],
    });
    const children = (split.case as unknown as { childCaseIds: string[] }).childCaseIds;
    expect(children).toHaveLength(2);
    const [karesiChild, baskiChild] = children as [string, string];
    for (const [user, child] of [
      ['karesi.supervisor', karesiChild],
      ['baski.supervisor', baskiChild],
    ] as const) {
      await expectAct(user, child, { action: 'accept' });
      await expectAct(user, child, {
        action: 'resolve',
        resultCode: 'SCHEDULED',
        publicAnswer: 'Onarım programa alınmıştır, en kısa sürede yapılacaktır.',
        internalNote: 'Programa eklendi.',
        evidence: { plannedDate: '2030-06-01' },
      });
    }
    const parent = await eventually(async () => {
      const v = await view('metro.coordinator', caseId);
      return v.case.status === 'RESOLVED' ? v : undefined;
    });
    expect(parent.case.status).toBe('RESOLVED');
  });
});

describe('comments', () => {
  it('a retried comment is recorded once', async () => {
    const { caseId } = await fileRoutedCase(potholeSubmission(karesiStreet));
    const comment = { commentId: randomUUID(), text: 'Ekip yarın sabah bakacak.', visibility: 'internal' };
    const first = await postJson(`/v1/staff/cases/${caseId}/comments`, comment, as('karesi.staff'));
    const again = await postJson(`/v1/staff/cases/${caseId}/comments`, comment, as('karesi.staff'));
    expect([first.status, again.status]).toEqual([201, 201]);
    const timeline = (await view('karesi.staff', caseId)).timeline.filter((e) => e.type === 'comment');
    expect(timeline).toHaveLength(1);
    const foreign = await postJson(
      `/v1/staff/cases/${caseId}/comments`,
      { ...comment, commentId: randomUUID() },
      as('altieylul.staff'),
    );
    expect(foreign.status).toBe(404);
  });
});

describe("the tenant's deputy hierarchy (tenant settings)", () => {
  const altieylulStreet = { lat: 39.63, lon: 27.886, neighbourhood: 'Gümüşçeşme' };
  const setAbsent = async (absent: boolean) => {
    const res = await fetch(apiUrl('/v1/staff/me/availability'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...as('altieylul.staff') },
      body: JSON.stringify({ absent }),
    });
    expect(res.status).toBeLessThan(300);
  };

  beforeAll(async () => {
    for (const user of ['altieylul.supervisor', 'altieylul.staff'])
      tokens[user] = (await signIn(user)).IdToken;
  });

  it('hands an assignment for an absent person who named no stand-in to the deputy the tenant configured', async () => {
    const { caseId } = await fileRoutedCase(potholeSubmission(altieylulStreet));
    await expectAct('altieylul.supervisor', caseId, { action: 'accept' });
    const staffId = await userId('altieylul.staff');
    const supervisorId = await userId('altieylul.supervisor');
    await setAbsent(true);
    try {
      const assigned = await expectAct('altieylul.supervisor', caseId, {
        action: 'assign',
        assignee: { kind: 'user', id: staffId, name: 'altieylul.staff' },
      });
      // Demo settings: altieylul.staff → altieylul.supervisor (packages/domain/catalog/cities/balikesir.json).
      expect(assigned.case.assignee?.id).toBe(supervisorId);
      const event = assigned.timeline.findLast((e) => e.type === 'assigned');
      expect(JSON.stringify(event?.data)).toContain(staffId);
    } finally {
      await setAbsent(false);
    }
  });
});
