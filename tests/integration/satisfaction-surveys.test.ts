import { randomBytes } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { schedules } from '@citydesk/functions/manifest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SendSurveysSummary } from '../../functions/src/workers/send-surveys.ts';
import { eventually, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { invokeSchedule, useHandlerEnvironment } from '../support/handler-invocation.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * Satisfaction surveys end to end on the local cloud (docs/domain/surveys.md): a case
 * closed with a surveyed result leaves a due survey; the survey job, run with a
 * `now` past the delay, sends it through the notification pipeline, so exactly one
 * survey SMS with its link reaches the dev outbox (even when the queue redelivers);
 * the link answers once; the answers reach the tenant's satisfaction aggregates; a
 * "no" opens a follow-up the owning tenant's supervisor decides (reopen). Expired and
 * unknown links, phone surveys and unreachable citizens too.
 *
 * The job's per-survey step runs for this test's own cases only: other suites close
 * cases in the same cloud, and their outboxes must not receive surveys they do not expect.
 */

type Worker = typeof import('../../functions/src/workers/send-surveys.ts');
type Runtime = typeof import('../../functions/src/platform/survey-runtime.ts');

const tokens: Record<string, string> = {};
const as = (user: string, lang = 'en') => ({
  authorization: `Bearer ${tokens[user]}`,
  'accept-language': lang,
});
const KARESI = 'balikesir-karesi';
const DAY = 86_400_000;
const karesiStreet = {
  lat: 39.6485,
  lon: 27.8862,
  neighbourhood: 'Dumlupınar',
  address: 'Dumlupınar Mah. 5. Sokak',
};

let worker: Worker;
let runtime: Runtime;
let sqs: SQSClient;

function uniquePhone(): string {
  return `0533${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
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

/** Files a Karesi pothole and takes it to CLOSED with a surveyed result (partly resolved). */
async function closedCase(contact: Record<string, unknown>): Promise<{ caseId: string; trackingNo: string }> {
  const filed = await fileRoutedCase(potholeSubmission(karesiStreet, contact));
  await act('karesi.supervisor', filed.caseId, { action: 'accept' });
  await act('karesi.supervisor', filed.caseId, { action: 'start' });
  await act('karesi.supervisor', filed.caseId, {
    action: 'resolve',
    resultCode: 'RESOLVED_PARTIAL',
    publicAnswer: 'Çukurun bir kısmı dolduruldu, kalanı asfalt programında.',
    internalNote: 'Yama yapıldı.',
  });
  await act('karesi.supervisor', filed.caseId, { action: 'close' });
  return filed;
}

interface OutboxItem {
  event: string;
  text: string;
  channel: string;
}

async function surveyMessages(trackingNo: string): Promise<OutboxItem[]> {
  const r = await getJson(`/v1/dev/outbox?trackingNo=${trackingNo}`, as('metro.coordinator'));
  expect(r.status).toBe(200);
  return (r.json.items as OutboxItem[]).filter((i) => i.event === 'survey');
}

const tokenIn = (text: string) => /\/anket\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

const today = () => new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);
async function satisfaction(user: string, query = `tenantId=${KARESI}`) {
  const r = await getJson(`/v1/staff/satisfaction?from=${today()}&to=${today()}&${query}`, as(user));
  return r;
}
const totals = async () =>
  ((await satisfaction('karesi.manager')).json.total as { counters: Record<string, number> }).counters;

const answers = {
  resolved: 'no',
  timeScore: 2,
  conductScore: 4,
  intakeScore: 5,
  comment: 'Çukur hâlâ duruyor.',
};

beforeAll(async () => {
  useHandlerEnvironment();
  worker = await import('../../functions/src/workers/send-surveys.ts');
  runtime = await import('../../functions/src/platform/survey-runtime.ts');
  for (const user of [
    'metro.coordinator',
    'metro.agent',
    'karesi.supervisor',
    'karesi.staff',
    'karesi.manager',
    'altieylul.supervisor',
    'altieylul.manager',
    'metro.manager',
  ])
    tokens[user] = (await signIn(user)).IdToken;
  const e = inject('endpoints');
  sqs = new SQSClient({
    endpoint: e.sqsEndpoint,
    region: e.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
});

afterAll(() => sqs?.destroy());

describe('a case closed with a surveyed result', () => {
  let caseId: string;
  let trackingNo: string;
  let token: string;
  let before: Record<string, number>;

  it('is surveyed once after the delay: exactly one SMS with its link', async () => {
    before = await totals();
    ({ caseId, trackingNo } = await closedCase({
      name: 'Ayşe Yılmaz',
      phone: uniquePhone(),
      preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
    }));
    const due = await runtime.surveyRepository.getDue(caseId);
    expect(due).toBeDefined();
    const dueAt = Date.parse(due?.dueAt ?? '');
    // The default delay: 24 hours after closure.
    expect(dueAt - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(dueAt - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);

    // The scheduled job now: nothing of this case is due yet.
    const job = schedules.find((s) => s.id === 'SendSurveys');
    if (!job) throw new Error('no SendSurveys schedule in the manifest');
    const run = await invokeSchedule<SendSurveysSummary>(job);
    expect(run.failures).toBe(0);
    expect(await runtime.surveyRepository.getDue(caseId)).toBeDefined();
    expect(await runtime.surveyRepository.getRecord(caseId)).toBeUndefined();

    // A day and a bit later: the due index lists it, and the job sends it, once.
    const later = new Date(dueAt + 60_000);
    const listed: string[] = [];
    for await (const page of runtime.surveyRepository.dueBefore('balikesir', later.toISOString()))
      listed.push(...page.map((d) => d.caseId));
    expect(listed).toContain(caseId);
    if (!due) throw new Error('no due survey');
    const [first, second] = await Promise.all([
      worker.handleDueSurvey(due, later),
      worker.handleDueSurvey(due, later),
    ]);
    expect([first, second].sort()).toEqual(['conflict', 'sent'].sort());
    expect(await worker.handleDueSurvey(due, later)).toBe('dropped');
    expect(await runtime.surveyRepository.getDue(caseId)).toBeUndefined();

    const messages = await eventually(async () => {
      const m = await surveyMessages(trackingNo);
      return m.length ? m : undefined;
    }, 30_000);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.channel).toBe('sms');
    expect(messages[0]?.text).toContain(`${inject('endpoints').portalUrl.replace(/\/$/, '')}/anket/`);
    token = tokenIn(messages[0]?.text ?? '') ?? '';
    expect(token).toHaveLength(43);
    // The raw token is in no stored item: the record keeps its hash.
    const record = await runtime.surveyRepository.getRecord(caseId);
    expect(record?.state).toBe('sent');
    expect(JSON.stringify(record)).not.toContain(token);
  });

  it('a redelivered send-survey message sends no second SMS', async () => {
    const timeline = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.supervisor'));
    const sent = (timeline.json.timeline as { type: string; eventId?: string; id?: string }[]).find(
      (e) => e.type === 'survey_sent',
    );
    expect(sent).toBeDefined();
    const eventId = sent?.eventId ?? sent?.id;
    const queueUrl = inject('endpoints').queues.notifications?.url;
    if (!queueUrl || !eventId) throw new Error('no queue or event id');
    const body = JSON.stringify({ intent: 'send-survey', caseId, eventId });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await new Promise((r) => setTimeout(r, 3000));
    expect(await surveyMessages(trackingNo)).toHaveLength(1);
  });

  it('GET shows the questions, the masked tracking number and the work type; no personal data', async () => {
    const r = await getJson(`/v1/public/surveys/${token}`);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.trackingNo).toBe(`${trackingNo.slice(0, 4)}-••••-${trackingNo.slice(8)}`);
    expect((r.json.workType as { tr: string }).tr).toBeTruthy();
    expect((r.json.questions as { id: string }[]).map((q) => q.id)).toEqual([
      'resolved',
      'timeScore',
      'conductScore',
      'intakeScore',
    ]);
    expect(JSON.stringify(r.json)).not.toContain('Ayşe');
  });

  it('POST refuses a bad form with field errors, and counts nothing', async () => {
    const r = await postJson(
      `/v1/public/surveys/${token}`,
      { answers: { ...answers, timeScore: 7 } },
      {
        'accept-language': 'tr',
      },
    );
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json.errors)).toContain('1 ile 5');
  });

  it('POST works once; the second is 409 "already answered", and so is GET', async () => {
    const first = await postJson(`/v1/public/surveys/${token}`, { answers });
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(first.json.followUpOpened).toBe(true);
    const again = await postJson(`/v1/public/surveys/${token}`, { answers: { ...answers, resolved: 'yes' } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('survey-already-answered');
    const view = await getJson(`/v1/public/surveys/${token}`);
    expect(view.status).toBe(409);
    expect(view.json.code).toBe('survey-already-answered');
  });

  it('the answers appear in the tenant’s satisfaction aggregates, exactly once', async () => {
    const after = await totals();
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    expect(delta('sent')).toBe(1);
    expect(delta('responses')).toBe(1);
    expect(delta('resolvedNo')).toBe(1);
    expect(delta('timeSum')).toBe(2);
    expect(delta('conductSatisfied')).toBe(1);
    expect(delta('intakeSatisfied')).toBe(1);
    const r = await satisfaction('karesi.manager');
    const total = r.json.total as { rates: Record<string, number> };
    expect(total.rates.responseRate).toBeGreaterThan(0);
    expect(r.json.byWorkType).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'ROAD-POTHOLE-LOCAL' })]),
    );
  });

  it('managers read their own tenant, metro managers the city; others are refused', async () => {
    expect((await satisfaction('altieylul.manager')).status).toBe(403);
    expect((await satisfaction('karesi.staff')).status).toBe(403);
    const city = await satisfaction('metro.manager', '');
    expect(city.status).toBe(200);
    expect(city.json.scope).toEqual({ cityId: 'balikesir' });
    const karesiRow = (city.json.byTenant as { key: string; counters: { responses: number } }[]).find(
      (row) => row.key === KARESI,
    );
    expect(karesiRow?.counters.responses).toBeGreaterThanOrEqual(1);
  });

  it('"no" opened a follow-up for the owning tenant’s supervisors, on the timeline', async () => {
    const list = await getJson('/v1/staff/survey-follow-ups', as('karesi.supervisor'));
    expect(list.status).toBe(200);
    const item = (list.json.items as { caseId: string; comment?: string }[]).find((i) => i.caseId === caseId);
    expect(item?.comment).toBe('Çukur hâlâ duruyor.');
    // Another tenant's supervisor sees neither the list nor the follow-up.
    const other = await getJson(`/v1/staff/survey-follow-ups?tenantId=${KARESI}`, as('altieylul.supervisor'));
    expect(other.status).toBe(403);
    const own = await getJson('/v1/staff/survey-follow-ups', as('altieylul.supervisor'));
    expect((own.json.items as { caseId: string }[]).some((i) => i.caseId === caseId)).toBe(false);
    const refused = await postJson(
      `/v1/staff/survey-follow-ups/${caseId}/decide`,
      { decision: 'reopen', note: 'Vatandaş çözülmedi dedi.' },
      as('altieylul.supervisor'),
    );
    expect(refused.status).toBe(404);
    expect((await getJson('/v1/staff/survey-follow-ups', as('karesi.staff'))).status).toBe(403);
    const timeline = await getJson(`/v1/staff/cases/${caseId}`, as('karesi.supervisor'));
    const types = (timeline.json.timeline as { type: string; visibility: string }[]).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['survey_sent', 'survey_answered', 'survey_follow_up_opened']),
    );
    const track = await getJson(`/v1/public/track/${trackingNo}`);
    expect(JSON.stringify(track.json)).not.toContain('survey_');
  });

  it('the supervisor reopens the case; deciding again is 409', async () => {
    const decided = await postJson(
      `/v1/staff/survey-follow-ups/${caseId}/decide`,
      { decision: 'reopen', note: 'Vatandaş sorunun sürdüğünü bildirdi.' },
      as('karesi.supervisor'),
    );
    expect(decided.status, JSON.stringify(decided.json)).toBe(200);
    expect(decided.json.status).toBe('decided');
    const track = await getJson(`/v1/public/track/${trackingNo}`);
    expect(track.json.status).toBe('TRIAGE');
    const again = await postJson(
      `/v1/staff/survey-follow-ups/${caseId}/decide`,
      { decision: 'call-back', note: 'İkinci karar denemesi.' },
      as('karesi.supervisor'),
    );
    expect(again.status).toBe(409);
    const list = await getJson('/v1/staff/survey-follow-ups', as('karesi.supervisor'));
    expect((list.json.items as { caseId: string }[]).some((i) => i.caseId === caseId)).toBe(false);
  });
});

describe('links that cannot be answered', () => {
  it('an expired link is 410 survey-expired, an unknown or malformed one 404 survey-not-found', async () => {
    const { caseId, trackingNo } = await closedCase({
      phone: uniquePhone(),
      preference: { channel: 'sms', granularity: 'every_stage', language: 'en' },
    });
    const due = await runtime.surveyRepository.getDue(caseId);
    if (!due) throw new Error('no due survey');
    // Sent fifteen days ago: its 14 days are over.
    expect(await worker.handleDueSurvey(due, new Date(Date.now() - 15 * DAY))).toBe('sent');
    const [message] = await eventually(async () => {
      const m = await surveyMessages(trackingNo);
      return m.length ? m : undefined;
    }, 30_000);
    expect(message?.text).toMatch(/^Your opinion/);
    expect(message?.text).toContain('/en/anket/');
    const token = tokenIn(message?.text ?? '') ?? '';
    const expired = await getJson(`/v1/public/surveys/${token}`, { 'accept-language': 'tr' });
    expect(expired.status).toBe(410);
    expect(expired.json.code).toBe('survey-expired');
    expect(expired.json.detail).toContain('süresi doldu');
    const late = await postJson(`/v1/public/surveys/${token}`, { answers });
    expect(late.status).toBe(410);

    const unknown = await getJson(`/v1/public/surveys/${randomBytes(32).toString('base64url')}`);
    expect(unknown.status).toBe(404);
    expect(unknown.json.code).toBe('survey-not-found');
    for (const bad of ['short', `${'A'.repeat(42)}%2F`]) {
      const r = await getJson(`/v1/public/surveys/${bad}`);
      expect(r.status).toBe(404);
      expect(r.json.code).toBe('survey-not-found');
    }
  });
});

describe('phone surveys and citizens without a message channel', () => {
  it('a citizen who chose no notifications is counted as not surveyed; an agent then surveys by phone, once', async () => {
    const before = await totals();
    const { caseId } = await closedCase({
      name: 'Mehmet Demir',
      phone: uniquePhone(),
      preference: { channel: 'none', granularity: 'result_only', language: 'tr' },
    });
    const due = await runtime.surveyRepository.getDue(caseId);
    if (!due) throw new Error('no due survey');
    expect(await worker.handleDueSurvey(due, new Date(Date.now() + DAY + 60_000))).toBe('not-sent');
    expect((await runtime.surveyRepository.getRecord(caseId))?.state).toBe('not-sent');
    const mid = await totals();
    expect((mid.notSurveyed ?? 0) - (before.notSurveyed ?? 0)).toBe(1);

    const body = { answers: { resolved: 'yes', timeScore: 5, conductScore: 5, intakeScore: 4 } };
    // Staff of another tenant cannot; the metro's agent can, once.
    const stranger = await postJson(`/v1/staff/cases/${caseId}/survey`, body, as('altieylul.supervisor'));
    expect(stranger.status).toBe(404);
    const phone = await postJson(`/v1/staff/cases/${caseId}/survey`, body, as('metro.agent'));
    expect(phone.status, JSON.stringify(phone.json)).toBe(201);
    expect(phone.json.followUpOpened).toBe(false);
    const twice = await postJson(`/v1/staff/cases/${caseId}/survey`, body, as('metro.agent'));
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe('survey-already-answered');

    const after = await totals();
    const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
    // Surveyed after all: no longer "not surveyed", one sent, one phone response.
    expect(delta('notSurveyed')).toBe(0);
    expect(delta('sent')).toBe(1);
    expect(delta('responses')).toBe(1);
    expect(delta('phoneResponses')).toBe(1);
    expect(delta('resolvedYes')).toBe(1);
  });

  it('a phone survey before the link was due cancels the link', async () => {
    const { caseId, trackingNo } = await closedCase({
      phone: uniquePhone(),
      preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
    });
    const body = { answers: { resolved: 'partly', timeScore: 3, conductScore: 4, intakeScore: 4 } };
    const phone = await postJson(`/v1/staff/cases/${caseId}/survey`, body, as('karesi.supervisor'));
    expect(phone.status, JSON.stringify(phone.json)).toBe(201);
    expect(await runtime.surveyRepository.getDue(caseId)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await surveyMessages(trackingNo)).toHaveLength(0);
  });

  it('a case not closed with a surveyed result cannot be surveyed', async () => {
    const { caseId } = await fileRoutedCase(
      potholeSubmission(karesiStreet, {
        phone: uniquePhone(),
        preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
      }),
    );
    const r = await postJson(
      `/v1/staff/cases/${caseId}/survey`,
      { answers: { resolved: 'yes', timeScore: 5, conductScore: 5, intakeScore: 5 } },
      as('karesi.supervisor'),
    );
    expect(r.status).toBe(422);
  });
});
