import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { CaseRepository, createDocumentClient, idempotencyTable, VersionConflictError } from '@citydesk/data';
import type { Case } from '@citydesk/domain';
import { localCloudEnvironment } from '@citydesk/local-cloud';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiUrl, eventually, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * Staff notifications end to end on the local cloud: timeline events reach the
 * notifications queue as `analytics` intents and SLA alerts as `notify-staff`; the
 * worker writes one inbox entry per (user, case, event, reason) for those who may
 * read the case, and e-mails those who asked (the dev outbox stands in for SES).
 * A Karesi Fen İşleri (FEN) staff member is invited for the test, so the department
 * has people of its own.
 */

const endpoints = inject('endpoints');
const run = Date.now().toString(36);
const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}`, 'accept-language': 'en' });
const userIdOf = (user: string) => String(decodeJwt(tokens[user] ?? '').sub);

const FEN = `fen.${run}`;
const FEN_EMAIL = `fen.${run}@karesi.example`;
const karesiStreet = { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' };
/** No phone: these cases send the citizen nothing, so only staff e-mails reach the outbox. */
const noContact = { preference: { channel: 'none', granularity: 'result_only', language: 'tr' } };

interface Entry {
  id: string;
  caseId: string;
  trackingNo: string;
  reason: string;
  eventId: string;
  eventType: string;
  status: string;
  read: boolean;
  link: string;
}

async function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(apiUrl(path), {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function inbox(user: string): Promise<{ items: Entry[]; unreadCount: number }> {
  const r = await getJson('/v1/staff/notifications?limit=100', as(user));
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as unknown as { items: Entry[]; unreadCount: number };
}

/** Waits for an entry of `user` about this case that matches. */
function entryFor(user: string, caseId: string, match: (e: Entry) => boolean): Promise<Entry> {
  return eventually(
    async () => (await inbox(user)).items.find((e) => e.caseId === caseId && match(e)),
    30_000,
  );
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
  return r.json as { timeline: { eventId: string; type: string }[] };
}

async function invitedSignIn(username: string, password: string): Promise<string> {
  const idp = new CognitoIdentityProviderClient({
    endpoint: endpoints.cognitoEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const started = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: endpoints.userPoolClientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    if (started.AuthenticationResult?.IdToken) return started.AuthenticationResult.IdToken;
    const answered = await idp.send(
      new RespondToAuthChallengeCommand({
        ClientId: endpoints.userPoolClientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: started.Session,
        ChallengeResponses: { USERNAME: username, NEW_PASSWORD: 'YeniParola2026x' },
      }),
    );
    const token = answered.AuthenticationResult?.IdToken;
    if (!token) throw new Error('no ID token after the new password');
    return token;
  } finally {
    idp.destroy();
  }
}

async function queueDrained(sqs: SQSClient, queueUrl: string) {
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
  }, 30_000);
}

let sqs: SQSClient;

beforeAll(async () => {
  for (const user of [
    'karesi.admin',
    'karesi.supervisor',
    'metro.coordinator',
    'altieylul.staff',
    'altieylul.supervisor',
  ])
    tokens[user] = (await signIn(user)).IdToken;
  const invited = await send('POST', '/v1/admin/users', as('karesi.admin'), {
    username: FEN,
    email: FEN_EMAIL,
    displayName: 'Fen Personeli',
    roles: ['staff'],
    departmentCode: 'FEN',
  });
  expect(invited.status, JSON.stringify(invited.json)).toBe(201);
  tokens[FEN] = await invitedSignIn(FEN, String(invited.json.temporaryPassword));
  expect((await getJson('/v1/staff/me', as(FEN))).status).toBe(200);
  sqs = new SQSClient({
    endpoint: endpoints.sqsEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
});

afterAll(() => sqs?.destroy());

describe('the notification preference', () => {
  it('is in-app only until the person chooses e-mail; the choice is theirs and validated', async () => {
    const initial = await getJson('/v1/staff/me/notification-preferences', as(FEN));
    expect(initial.status).toBe(200);
    expect(initial.json).toMatchObject({ email: 'off' });
    const bad = await send('PUT', '/v1/staff/me/notification-preferences', as(FEN), {
      email: 'hourly',
      events: [],
    });
    expect(bad.status).toBe(400);
    const saved = await send('PUT', '/v1/staff/me/notification-preferences', as(FEN), {
      email: 'immediate',
      events: ['new-in-queue', 'assigned', 'sla-breached'],
      language: 'en',
    });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect((await getJson('/v1/staff/me/notification-preferences', as(FEN))).json).toMatchObject({
      email: 'immediate',
      language: 'en',
    });
  });
});

describe('a Karesi pothole', () => {
  let caseId: string;
  let trackingNo: string;
  let assignedEventId: string;

  it("lands in Karesi's Fen İşleri queue: its staff hear 'new in queue', with no citizen data", async () => {
    ({ caseId, trackingNo } = await fileRoutedCase(
      potholeSubmission(karesiStreet, { name: 'Zeynep Gizlisoy', ...noContact }),
    ));
    const entry = await entryFor(FEN, caseId, (e) => e.reason === 'new-in-queue');
    expect(entry).toMatchObject({ trackingNo, eventType: 'routed', status: 'ROUTED', read: false });
    expect(entry.link).toBe(`/panel/basvuru?id=${caseId}`);
    const listed = JSON.stringify(await inbox(FEN));
    expect(listed).not.toContain('Gizlisoy');
    expect(listed).not.toContain('araçlar zarar görüyor');
    expect(listed).not.toContain('Dumlupınar');
  });

  it('the e-mail preference sends one e-mail to the dev outbox, without citizen data', async () => {
    const mail = await eventually(async () => {
      const r = await getJson(
        `/v1/dev/outbox?recipient=${encodeURIComponent(FEN_EMAIL)}`,
        as('metro.coordinator'),
      );
      expect(r.status).toBe(200);
      const items = r.json.items as { trackingNo: string; event: string; subject?: string; text: string }[];
      return items.find((i) => i.trackingNo === trackingNo);
    }, 30_000);
    expect(mail.event).toBe('staff');
    expect(mail.subject).toContain('A new case is in your queue');
    expect(mail.text).toContain(`/en/panel/basvuru?id=${caseId}`);
    expect(mail.text).not.toContain('Gizlisoy');
  });

  it('an assignment gives the assignee one entry, even when the queue delivers the message twice', async () => {
    await act('karesi.supervisor', caseId, { action: 'accept' });
    const assigned = await act('karesi.supervisor', caseId, {
      action: 'assign',
      assignee: { kind: 'user', id: userIdOf(FEN), name: 'Fen Personeli' },
    });
    assignedEventId = assigned.timeline.findLast((e) => e.type === 'assigned')?.eventId ?? '';
    await entryFor(FEN, caseId, (e) => e.reason === 'assigned' && e.eventId === assignedEventId);

    const queueUrl = endpoints.queues.notifications?.url;
    if (!queueUrl) throw new Error('no notifications queue');
    const body = JSON.stringify({
      intent: 'analytics',
      caseId,
      eventId: assignedEventId,
      eventType: 'assigned',
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await queueDrained(sqs, queueUrl);
    const entries = (await inbox(FEN)).items.filter(
      (e) => e.caseId === caseId && e.eventId === assignedEventId,
    );
    expect(entries.map((e) => e.reason)).toEqual(['assigned']);
    const mails = (
      await getJson(`/v1/dev/outbox?recipient=${encodeURIComponent(FEN_EMAIL)}`, as('metro.coordinator'))
    ).json.items as { trackingNo: string; subject?: string }[];
    expect(mails.filter((m) => m.trackingNo === trackingNo && m.subject?.includes('assigned'))).toHaveLength(
      1,
    );
  });

  it('a metropolitan watcher hears of every change by others, never of their own', async () => {
    const watched = await send('POST', `/v1/staff/cases/${caseId}/watch`, as('metro.coordinator'));
    expect(watched.status, JSON.stringify(watched.json)).toBe(200);
    expect((await send('POST', `/v1/staff/cases/${caseId}/watch`, as('karesi.supervisor'))).status).toBe(200);
    const watching = await getJson('/v1/staff/watching', as('metro.coordinator'));
    expect((watching.json.items as { caseId: string }[]).map((w) => w.caseId)).toContain(caseId);

    const commented = await postJson(
      `/v1/staff/cases/${caseId}/comments`,
      { commentId: crypto.randomUUID(), visibility: 'internal', text: 'Ekip yarın sahada.' },
      as('karesi.supervisor'),
    );
    expect(commented.status, JSON.stringify(commented.json)).toBeLessThan(300);
    const update = await entryFor(
      'metro.coordinator',
      caseId,
      (e) => e.reason === 'watched-update' && e.eventType === 'comment',
    );
    // The worker has handled the comment: its author, who watches too, got nothing for it.
    const own = (await inbox('karesi.supervisor')).items.filter((e) => e.eventId === update.eventId);
    expect(own).toEqual([]);
  });

  it('an Altıeylül user never gets Karesi entries, not even with a watch on the case', async () => {
    const refused = await send('POST', `/v1/staff/cases/${caseId}/watch`, as('altieylul.supervisor'));
    expect(refused.status).toBe(404);
    // A watch item that got there anyway (forged, or left from an earlier access): the worker checks again.
    const altieylulId = userIdOf('altieylul.staff');
    await testDocumentClient().send(
      new PutCommand({
        TableName: mainTableName(),
        Item: {
          pk: `CASE#${caseId}`,
          sk: `WATCHER#${altieylulId}`,
          entity: 'StaffWatch',
          userId: altieylulId,
          tenantId: 'balikesir-altieylul',
          caseId,
          trackingNo,
          since: new Date().toISOString(),
        },
      }),
    );
    await act('karesi.supervisor', caseId, { action: 'start' });
    await entryFor('metro.coordinator', caseId, (e) => e.eventType === 'started');
    for (const user of ['altieylul.staff', 'altieylul.supervisor']) {
      const items = (await inbox(user)).items;
      expect(items.filter((e) => e.caseId === caseId)).toEqual([]);
    }
  });

  it('marks entries read one by one or all at once; stopping a watch stops the updates', async () => {
    const before = await inbox(FEN);
    expect(before.unreadCount).toBeGreaterThanOrEqual(2);
    const first = before.items[0];
    if (!first) throw new Error('no entry');
    const one = await postJson('/v1/staff/notifications/read', { ids: [first.id] }, as(FEN));
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ marked: 1, unreadCount: before.unreadCount - 1 });
    const all = await postJson('/v1/staff/notifications/read', { all: true }, as(FEN));
    expect(all.json).toMatchObject({ unreadCount: 0 });
    expect((await inbox(FEN)).items.every((e) => e.read)).toBe(true);

    const stopped = await send('DELETE', `/v1/staff/cases/${caseId}/watch`, as('metro.coordinator'));
    expect(stopped.status).toBe(200);
    const watching = await getJson('/v1/staff/watching', as('metro.coordinator'));
    expect((watching.json.items as { caseId: string }[]).map((w) => w.caseId)).not.toContain(caseId);
  });
});

describe('an SLA breach found by the sweep', () => {
  it("reaches the department's supervisor", async () => {
    Object.assign(process.env, localCloudEnvironment(endpoints));
    const repository = new CaseRepository({
      doc: createDocumentClient(),
      mainTableName: mainTableName(),
      idempotencyTableName: endpoints.tables[idempotencyTable.nameSuffix] as string,
      hashPhone: () => {
        throw new Error('the case of this test has no phone number');
      },
    });
    const { handler: sweep } = await import('@citydesk/functions/workers/sla-sweep.ts');
    const { caseId } = await fileRoutedCase(potholeSubmission(karesiStreet, noContact));
    // Just past due, as time would make it.
    for (;;) {
      const before = await repository.getCase(caseId);
      if (!before) throw new Error('no case');
      const after: Case = {
        ...before,
        slaDueAt: new Date(Date.now() - 60_000).toISOString(),
        version: before.version + 1,
      };
      try {
        await repository.saveTransition({ before, after, events: [], intents: [] });
        break;
      } catch (err) {
        if (!(err instanceof VersionConflictError)) throw err;
      }
    }
    for (let i = 0; i < 4; i++) await sweep(undefined);
    const entry = await entryFor('karesi.supervisor', caseId, (e) => e.reason === 'sla-breached');
    expect(entry.eventType).toBe('escalated');
    // The late warning to the unit is recorded but not sent: the case was already late.
    expect((await inbox(FEN)).items.filter((e) => e.caseId === caseId && e.reason.startsWith('sla'))).toEqual(
      [],
    );
    expect((await inbox('altieylul.supervisor')).items.filter((e) => e.caseId === caseId)).toEqual([]);
  });
});
