import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * The citizen notification pipeline end to end on the local cloud: case steps emit
 * outbox intents, the stream dispatcher puts them on the notifications queue, the
 * worker decides, renders and "sends" through the dev outbox, which the portal and
 * these tests read through GET /v1/dev/outbox. Each case uses its own phone number,
 * so counts are exact whatever else the suite files.
 */

const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}`, 'accept-language': 'en' });

const karesiStreet = {
  lat: 39.6485,
  lon: 27.8862,
  neighbourhood: 'Dumlupınar',
  address: 'Dumlupınar Mah. 5. Sokak',
};

interface OutboxItem {
  channel: string;
  recipientMasked: string;
  trackingNo: string;
  event: string;
  language: string;
  text: string;
  encoding?: string;
  segments?: number;
  dedupeKey: string;
}

/** A mobile number no other test uses: 0532 9xx xx xx. */
function uniquePhone(): string {
  const n = String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0');
  return `0532${n}`;
}

async function outbox(query: string): Promise<OutboxItem[]> {
  const r = await getJson(`/v1/dev/outbox?${query}`, as('metro.coordinator'));
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  // The citizen's messages: staff who chose notification e-mails get theirs about the same case.
  return (r.json.items as OutboxItem[]).filter((i) => i.event !== 'staff');
}

/** Waits until the outbox holds messages for these events (and nothing else turned up meanwhile). */
async function waitForEvents(trackingNo: string, events: string[]): Promise<OutboxItem[]> {
  return eventually(async () => {
    const items = await outbox(`trackingNo=${trackingNo}`);
    return events.every((e) => items.some((i) => i.event === e)) ? items : undefined;
  }, 30_000);
}

async function act(user: string, caseId: string, command: Record<string, unknown>) {
  const current = await getJson(`/v1/staff/cases/${caseId}`, as(user));
  expect(current.status).toBe(200);
  const version = (current.json.case as { version: number }).version;
  const r = await postJson(
    `/v1/staff/cases/${caseId}/actions`,
    { expectedVersion: version, ...command },
    as(user),
  );
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json;
}

const resolveCommand = {
  action: 'resolve',
  resultCode: 'SCHEDULED',
  publicAnswer: 'Çukur, önümüzdeki hafta asfalt yama programına alınmıştır.',
  internalNote: 'Yama ekibi programına eklendi.',
  evidence: { plannedDate: '2030-06-01' },
};

let sqs: SQSClient;

beforeAll(async () => {
  for (const user of ['metro.coordinator', 'karesi.supervisor', 'karesi.staff', 'metro.agent']) {
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

describe('a citizen who chose SMS at every stage', () => {
  const phone = uniquePhone();
  let caseId: string;
  let trackingNo: string;

  it('gets exactly one SMS per step: routed, accepted, resolved', async () => {
    const filed = await fileRoutedCase(
      potholeSubmission(karesiStreet, {
        name: 'Ayşe Yılmaz',
        phone,
        preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
      }),
    );
    caseId = filed.caseId;
    trackingNo = filed.trackingNo;
    await waitForEvents(trackingNo, ['routed']);
    await act('karesi.supervisor', caseId, { action: 'accept' });
    await waitForEvents(trackingNo, ['accepted']);
    await act('karesi.supervisor', caseId, { action: 'start' });
    await act('karesi.supervisor', caseId, resolveCommand);
    const items = await waitForEvents(trackingNo, ['routed', 'accepted', 'resolved']);
    expect(items.map((i) => i.event).sort()).toEqual(['accepted', 'resolved', 'routed']);
    for (const item of items) {
      expect(item.channel).toBe('sms');
      expect(item.language).toBe('tr');
      expect(item.recipientMasked).not.toContain(phone.slice(4, 9));
      expect(item.text).toContain(
        `${trackingNo.slice(0, 4)}-${trackingNo.slice(4, 8)}-${trackingNo.slice(8)}`,
      );
      expect(item.text).not.toContain('{{');
      expect(item.encoding).toBe('gsm7-turkish');
      expect(item.segments).toBeGreaterThanOrEqual(1);
      expect(item.segments).toBeLessThanOrEqual(3);
    }
    const resolved = items.find((i) => i.event === 'resolved');
    expect(resolved?.text).toContain('asfalt yama programına');
    expect(resolved?.text).toContain(`/takip?no=${trackingNo}`);
  });

  it('the recipient filter finds the same messages by the phone as the citizen wrote it', async () => {
    const byPhone = await outbox(`recipient=${encodeURIComponent(phone)}`);
    expect(byPhone.map((i) => i.event).sort()).toEqual(['accepted', 'resolved', 'routed']);
  });

  it('the same queue message delivered twice still sends one SMS', async () => {
    const items = await outbox(`trackingNo=${trackingNo}`);
    const resolved = items.find((i) => i.event === 'resolved');
    const [, eventId] = (resolved?.dedupeKey ?? '').split('#');
    const e = inject('endpoints');
    const queueUrl = e.queues.notifications?.url;
    if (!queueUrl || !eventId) throw new Error('no notifications queue or event id');
    const body = JSON.stringify({ intent: 'notify-citizen', caseId, eventId, step: 'resolved' });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    // Both copies are taken and deleted (not left for a retry) before the case moves on.
    await eventually(async () => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return Number(Attributes.ApproximateNumberOfMessages) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible) ===
        0
        ? true
        : undefined;
    });
    await act('karesi.supervisor', caseId, { action: 'close' });
    await waitForEvents(trackingNo, ['closed']);
    const after = await outbox(`trackingNo=${trackingNo}`);
    expect(after.filter((i) => i.event === 'resolved')).toHaveLength(1);
    expect(after.map((i) => i.event).sort()).toEqual(['accepted', 'closed', 'resolved', 'routed']);
  });

  it('staff see each delivery on the case timeline, internal only', async () => {
    const view = await eventually(async () => {
      const r = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.supervisor'));
      const timeline = r.json.timeline as {
        type: string;
        visibility: string;
        data?: Record<string, unknown>;
      }[];
      const sent = timeline.filter((t) => t.type === 'notification_sent');
      return sent.length >= 4 ? sent : undefined;
    });
    expect(view.map((t) => t.data?.step).sort()).toEqual(['accepted', 'closed', 'resolved', 'routed']);
    expect(view.every((t) => t.visibility === 'internal' && t.data?.channel === 'sms')).toBe(true);
    // The citizen's track page shows none of it.
    const track = await getJson(`/v1/public/track/${trackingNo}`);
    expect(JSON.stringify(track.json)).not.toContain('notification_');
  });

  it('the delivery records say sent, once per step', async () => {
    const { Items = [] } = await testDocumentClient().send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':n': 'NOTIFY#' },
      }),
    );
    expect(Items.map((i) => i.event).sort()).toEqual(['accepted', 'closed', 'resolved', 'routed']);
    expect(Items.every((i) => i.status === 'sent' && i.provider === 'dev-outbox')).toBe(true);
    expect(JSON.stringify(Items)).not.toContain(phone.slice(1));
  });
});

describe('a citizen who chose only the result', () => {
  it('gets no intermediate message, only the result', async () => {
    const phone = uniquePhone();
    const { caseId, trackingNo } = await fileRoutedCase(
      potholeSubmission(karesiStreet, {
        phone,
        preference: { channel: 'sms', granularity: 'result_only', language: 'en' },
      }),
    );
    await act('karesi.supervisor', caseId, { action: 'accept' });
    await act('karesi.supervisor', caseId, { action: 'start' });
    await act('karesi.supervisor', caseId, resolveCommand);
    const items = await waitForEvents(trackingNo, ['resolved']);
    // Closing confirms the announced result: no second message for this citizen.
    await act('karesi.supervisor', caseId, { action: 'close' });
    await eventually(async () => {
      const r = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.supervisor'));
      return (r.json.case as { status: string }).status === 'CLOSED' ? true : undefined;
    });
    // The stream and worker had the time of a full step to send anything else.
    await new Promise((r) => setTimeout(r, 3000));
    const after = await outbox(`trackingNo=${trackingNo}`);
    expect(items).toHaveLength(1);
    expect(after.map((i) => i.event)).toEqual(['resolved']);
    expect(after[0]?.language).toBe('en');
    expect(after[0]?.text).toMatch(/^Your request/);
  });
});

describe('the dev outbox API', () => {
  it('needs a signed-in overseer: anonymous 401, staff 403', async () => {
    const anonymous = await getJson('/v1/dev/outbox');
    expect(anonymous.status).toBe(401);
    const staff = await getJson('/v1/dev/outbox', as('karesi.staff'));
    expect(staff.status).toBe(403);
    expect(staff.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a malformed tracking number with problem+json', async () => {
    const r = await getJson('/v1/dev/outbox?trackingNo=12', as('metro.coordinator'));
    expect(r.status).toBe(400);
  });
});

describe('call-back tasks', () => {
  it('a citizen who asked for a call gets a task on the owning tenant’s list, which an agent completes once', async () => {
    const { caseId, trackingNo } = await fileRoutedCase(
      potholeSubmission(karesiStreet, {
        phone: uniquePhone(),
        preference: { channel: 'callback', granularity: 'every_stage', language: 'tr' },
      }),
    );
    const task = await eventually(async () => {
      const r = await getJson('/v1/staff/callbacks?tenantId=balikesir-karesi', as('karesi.supervisor'));
      expect(r.status).toBe(200);
      return (r.json.items as { id: string; trackingNo: string; event: string }[]).find(
        (t) => t.trackingNo === trackingNo,
      );
    });
    expect(task.event).toBe('routed');
    // No SMS for a call-back preference.
    expect(await outbox(`trackingNo=${trackingNo}`)).toEqual([]);
    // A district supervisor cannot list another district's call-backs.
    const foreign = await getJson(
      '/v1/staff/callbacks?tenantId=balikesir-altieylul',
      as('karesi.supervisor'),
    );
    expect(foreign.status).toBe(403);
    const done = await postJson(
      `/v1/staff/callbacks/${task.id}/complete`,
      { outcome: 'reached', note: 'Vatandaş bilgilendirildi.' },
      as('karesi.supervisor'),
    );
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(done.json.status).toBe('done');
    const again = await postJson(
      `/v1/staff/callbacks/${task.id}/complete`,
      { outcome: 'reached' },
      as('karesi.supervisor'),
    );
    expect(again.status).toBe(409);
    const timeline = (await getJson(`/v1/staff/cases/${caseId}`, as('karesi.supervisor'))).json.timeline as {
      type: string;
      data?: Record<string, unknown>;
    }[];
    expect(
      timeline.some((t) => t.type === 'notification_sent' && t.data?.callbackOutcome === 'reached'),
    ).toBe(true);
  });
});
