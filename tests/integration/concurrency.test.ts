import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { useHandlerEnvironment } from '../support/handler-invocation.ts';
import { signIn } from '../support/staff-session.ts';
import { countEntities, testDocumentClient } from '../support/table-inspection.ts';

/*
 * Races through the HTTP API (issue 11). Ten callers at once on the same version of
 * a case: exactly one wins, the others get 409 problem+json with the current state,
 * and every action that succeeded is on the timeline exactly once, whatever the
 * interleaving. Ten identical submissions with one Idempotency-Key file one case and
 * all get its tracking number. Ten answers through one survey link record one answer.
 */

type Worker = typeof import('../../functions/src/workers/send-surveys.ts');
type Runtime = typeof import('../../functions/src/platform/survey-runtime.ts');

const N = 10;
const tokens: Record<string, string> = {};
const as = (user: string, lang = 'tr') => ({
  authorization: `Bearer ${tokens[user]}`,
  'accept-language': lang,
});
const street = {
  lat: 39.6485,
  lon: 27.8862,
  neighbourhood: 'Dumlupınar',
  address: 'Dumlupınar Mah. 9. Sokak',
};

interface TimelineEvent {
  type: string;
  eventId?: string;
  id?: string;
}
interface CaseView {
  case: { version: number; status: string };
  timeline: TimelineEvent[];
}

async function view(caseId: string, user = 'karesi.supervisor'): Promise<CaseView> {
  const r = await getJson(`/v1/staff/cases/${caseId}`, as(user));
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json as unknown as CaseView;
}

/** Sends the same command N times at once, at the version the callers all saw. */
async function race(caseId: string, command: Record<string, unknown>, user = 'karesi.supervisor') {
  const { case: seen } = await view(caseId, user);
  const answers = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      postJson(
        `/v1/staff/cases/${caseId}/actions`,
        { ...command, expectedVersion: seen.version },
        as(user, i % 2 ? 'en' : 'tr'),
      ),
    ),
  );
  return { seen, answers };
}

function expectOneWinner(
  seen: { version: number },
  answers: { status: number; headers: Headers; json: Record<string, unknown> }[],
) {
  const statuses = answers.map((a) => a.status);
  expect(
    statuses.filter((s) => s === 200),
    JSON.stringify(statuses),
  ).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
  for (const lost of answers.filter((a) => a.status === 409)) {
    expect(lost.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(lost.json.status).toBe(409);
    expect((lost.json.current as { version: number }).version).toBe(seen.version + 1);
  }
}

let worker: Worker;
let runtime: Runtime;

beforeAll(async () => {
  useHandlerEnvironment();
  worker = await import('../../functions/src/workers/send-surveys.ts');
  runtime = await import('../../functions/src/platform/survey-runtime.ts');
  for (const user of ['karesi.supervisor', 'karesi.staff', 'metro.coordinator', 'metro.agent']) {
    tokens[user] = (await signIn(user)).IdToken;
  }
});

/** The timeline event each workflow action records. */
const EVENT_OF: Record<string, string> = {
  accept: 'accepted',
  assign: 'assigned',
  start: 'started',
  resolve: 'resolved',
  close: 'closed',
};

describe('parallel staff actions on one case', () => {
  let caseId: string;
  const won: string[] = [];

  it('accept, assign, start, resolve, close: each race has exactly one winner, the rest 409', async () => {
    ({ caseId } = await fileRoutedCase(potholeSubmission(street)));
    const steps: Record<string, unknown>[] = [
      { action: 'accept' },
      { action: 'start' },
      {
        action: 'resolve',
        resultCode: 'RESOLVED_PARTIAL',
        publicAnswer: 'Çukurun bir kısmı dolduruldu.',
        internalNote: 'Yama.',
      },
      { action: 'close' },
    ];
    for (const step of steps) {
      const { seen, answers } = await race(caseId, step);
      expectOneWinner(seen, answers);
      won.push(String(step.action));
    }
    expect((await view(caseId)).case.status).toBe('CLOSED');

    // Assignment races too: ten supervisors hand the accepted case to ten different people at once.
    const other = await fileRoutedCase(potholeSubmission(street));
    const accepted = await race(other.caseId, { action: 'accept' });
    expectOneWinner(accepted.seen, accepted.answers);
    const staffId = String((await getJson('/v1/staff/me', as('karesi.staff'))).json.userId);
    const assigned = await race(other.caseId, {
      action: 'assign',
      assignee: { kind: 'user', id: staffId, name: 'Karesi Personel' },
    });
    expectOneWinner(assigned.seen, assigned.answers);
    const { timeline } = await view(other.caseId);
    expect(timeline.filter((e) => e.type === 'accepted')).toHaveLength(1);
    expect(timeline.filter((e) => e.type === 'assigned')).toHaveLength(1);
  });

  it('no lost and no doubled timeline events: every winning action is on the timeline exactly once', async () => {
    const { timeline } = await view(caseId);
    const types = timeline.map((e) => e.type);
    for (const action of won) {
      expect(
        types.filter((t) => t === EVENT_OF[action]),
        `${action} in ${JSON.stringify(types)}`,
      ).toHaveLength(1);
    }
    const ids = timeline.map((e) => e.eventId ?? e.id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('N parallel comments with distinct ids all land, each once; N replays of one comment id land once', async () => {
    ({ caseId } = await fileRoutedCase(potholeSubmission(street)));
    const distinct = Array.from({ length: N }, (_, i) => ({
      commentId: randomUUID(),
      text: `Eşzamanlı yorum ${i}`,
      visibility: 'internal',
    }));
    const replayed = { commentId: randomUUID(), text: 'Aynı yorum on kez', visibility: 'internal' };
    const answers = await Promise.all(
      [...distinct, ...Array.from({ length: N }, () => replayed)].map((c) =>
        postJson(`/v1/staff/cases/${caseId}/comments`, c, as('karesi.supervisor')),
      ),
    );
    for (const a of answers) expect(a.status, JSON.stringify(a.json)).toBe(201);
    const comments = (await view(caseId)).timeline
      .filter((e) => e.type === 'comment')
      .map((e) => JSON.stringify(e));
    expect(comments).toHaveLength(N + 1);
    for (const c of [...distinct, replayed]) {
      expect(comments.filter((e) => e.includes(c.text))).toHaveLength(1);
    }
  });
});

describe('parallel duplicate submissions', () => {
  it('N identical public submissions with one Idempotency-Key: one case, the same tracking number in every 201', async () => {
    const doc = testDocumentClient();
    const before = await countEntities(doc, 'Case');
    const key = randomUUID();
    const body = potholeSubmission({ ...street, address: `Eşzamanlı ${key}` });
    const answers = await Promise.all(
      Array.from({ length: N }, () => postJson('/v1/public/cases', body, { 'idempotency-key': key })),
    );
    // A submission still in flight when its twin arrives may be told to retry (409);
    // every one that is answered 201 carries the one tracking number.
    const created = answers.filter((a) => a.status === 201);
    expect(created.length, JSON.stringify(answers.map((a) => [a.status, a.json.code]))).toBeGreaterThan(0);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.status).toBe(409);
      expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const numbers = new Set(created.map((a) => a.json.trackingNo));
    expect(numbers.size).toBe(1);
    // A retry after the race gets the same answer.
    const retry = await postJson('/v1/public/cases', body, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.json.trackingNo).toBe([...numbers][0]);
    expect(await countEntities(doc, 'Case')).toBe(before + 1);
  });

  it('N identical staff submissions with one Idempotency-Key: one case', async () => {
    const doc = testDocumentClient();
    const before = await countEntities(doc, 'Case');
    const key = randomUUID();
    const body = { ...potholeSubmission({ ...street, address: `Çağrı ${key}` }), channel: 'call_center' };
    const answers = await Promise.all(
      Array.from({ length: N }, () =>
        postJson('/v1/staff/cases', body, { ...as('metro.agent'), 'idempotency-key': key }),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThan(0);
    for (const a of answers.filter((x) => x.status !== 201)) expect(a.status).toBe(409);
    expect(new Set(created.map((a) => a.json.trackingNo)).size).toBe(1);
    expect(await countEntities(doc, 'Case')).toBe(before + 1);
  });
});

describe('parallel survey answers', () => {
  it('N answers through one survey link at once: exactly one recorded, the others 409', async () => {
    const filed = await fileRoutedCase(
      potholeSubmission(street, {
        name: 'Eşzamanlı Anket',
        phone: `0533${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`,
        preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
      }),
    );
    for (const step of [
      { action: 'accept' },
      { action: 'start' },
      {
        action: 'resolve',
        resultCode: 'RESOLVED_PARTIAL',
        publicAnswer: 'Kısmen yapıldı.',
        internalNote: 'Yama.',
      },
      { action: 'close' },
    ]) {
      const { case: c } = await view(filed.caseId);
      const r = await postJson(
        `/v1/staff/cases/${filed.caseId}/actions`,
        { ...step, expectedVersion: c.version },
        as('karesi.supervisor'),
      );
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    }
    const due = await eventually(async () => runtime.surveyRepository.getDue(filed.caseId));
    expect(await worker.handleDueSurvey(due, new Date(Date.parse(due.dueAt) + 60_000))).toBe('sent');
    const token = await eventually(async () => {
      const r = await getJson(`/v1/dev/outbox?trackingNo=${filed.trackingNo}`, as('metro.coordinator'));
      const text = (r.json.items as { event: string; text: string }[]).find(
        (i) => i.event === 'survey',
      )?.text;
      return text ? /\/anket\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] : undefined;
    }, 30_000);
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        postJson(`/v1/public/surveys/${token}`, {
          answers: {
            resolved: i % 2 ? 'yes' : 'no',
            timeScore: 1 + (i % 5),
            conductScore: 3,
            intakeScore: 4,
          },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s >= 200 && s < 300),
      JSON.stringify(statuses),
    ).toHaveLength(1);
    for (const a of answers.filter((x) => x.status >= 300)) {
      expect(a.status).toBe(409);
      expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const record = await runtime.surveyRepository.getRecord(filed.caseId);
    expect(record?.state).toBe('answered');
    const view2 = await getJson(`/v1/public/surveys/${token}`);
    expect(view2.status).toBe(409);
  });
});
