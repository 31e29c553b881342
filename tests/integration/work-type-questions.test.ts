import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ApiKeyRepository } from '@citydesk/data';
import type { WorkTypeQuestion } from '@citydesk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson } from '../support/api-client.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';
import { replaceWorkTypeOverride } from '../support/tenant-settings.ts';

/*
 * A work type's extra questions are asked on every intake form (issue 5's settings,
 * issue 6's intake): the metropolitan municipality's city-wide questions come with the
 * work type in the public catalogue, the portal and the call centre send the answers,
 * and the case carries them under the citizen's words. No other suite files this
 * work type, so its required question surprises nobody.
 */

const METRO = 'balikesir-bb';
const WORK_TYPE = 'TRANSIT-BIKE';
const as = (token: string) => ({ authorization: `Bearer ${token}` });
let operatorToken: string;
let agentToken: string;
let coordinatorToken: string;

const questions: WorkTypeQuestion[] = [
  {
    code: 'lane_length_m',
    datatype: 'number',
    required: true,
    order: 1,
    description: { tr: 'Sorunlu yol uzunluğu (m)', en: 'Length of the problem (m)' },
  },
  {
    code: 'problem',
    datatype: 'multivaluelist',
    required: false,
    order: 2,
    description: { tr: 'Sorun', en: 'Problem' },
    values: [
      { key: 'parked_cars', name: { tr: 'Park eden araçlar', en: 'Parked cars' } },
      { key: 'broken_surface', name: { tr: 'Bozuk zemin', en: 'Broken surface' } },
    ],
  },
];

const submission = {
  workTypeCode: WORK_TYPE,
  description: 'Bisiklet yolunu araçlar kapatıyor, geçmek mümkün değil.',
  location: { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' },
  consent: { accepted: true, noticeVersion: '2026-11' },
};

beforeAll(async () => {
  operatorToken = (await signIn('platform.operator')).IdToken;
  agentToken = (await signIn('metro.agent')).IdToken;
  coordinatorToken = (await signIn('metro.coordinator')).IdToken;
  await replaceWorkTypeOverride(operatorToken, METRO, WORK_TYPE, { questions });
});

afterAll(() => replaceWorkTypeOverride(operatorToken, METRO, WORK_TYPE, 'demo'));

async function catalogQuestions() {
  const catalog = await getJson('/v1/public/catalog');
  const workTypes = catalog.json.workTypes as { code: string; questions?: unknown[] }[];
  return workTypes.find((w) => w.code === WORK_TYPE)?.questions;
}

async function description(caseId: string): Promise<string> {
  const c = await getJson(`/v1/staff/cases/${caseId}`, as(coordinatorToken));
  expect(c.status).toBe(200);
  return (c.json.case as { description: string }).description;
}

describe('extra questions of a work type on the intake forms', () => {
  it('come with the work type in the public catalogue', async () => {
    expect(await catalogQuestions()).toEqual(questions);
  });

  it('refuse a citizen’s request without the required answer, or with a wrong one, in both languages', async () => {
    const missing = await postJson('/v1/public/cases', submission, { 'accept-language': 'en' });
    expect(missing.status).toBe(422);
    expect(missing.json.code).toBe('business-rule-violated');
    expect(missing.json.errors).toEqual([
      { path: 'answers.lane_length_m', message: 'This question must be answered for this work type.' },
    ]);
    const wrong = await postJson('/v1/public/cases', {
      ...submission,
      // A question the work type does not ask (any more) is ignored, not refused.
      answers: { lane_length_m: 'çok', problem: ['parked_cars', 'potholes'], colour: 'mavi' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json.errors).toEqual([
      { path: 'answers.lane_length_m', message: 'Yanıt bir sayı olmalıdır (ör. 3 veya 2,5).' },
      { path: 'answers.problem', message: 'Yanıt, sorunun seçeneklerinden biri olmalıdır.' },
    ]);
    const malformed = await postJson('/v1/public/cases', { ...submission, answers: { lane_length_m: 40 } });
    expect(malformed.status).toBe(400);
  });

  it('put a citizen’s answers under their words on the case', async () => {
    const created = await postJson(
      '/v1/public/cases',
      { ...submission, answers: { lane_length_m: '40', problem: ['parked_cars', 'broken_surface'] } },
      { 'idempotency-key': randomUUID() },
    );
    expect(created.status).toBe(201);
    const track = await testDocumentClient().send(
      new GetCommand({
        TableName: mainTableName(),
        Key: { pk: `TRACK#${String(created.json.trackingNo).replaceAll('-', '')}`, sk: '#TRACK' },
      }),
    );
    expect(await description(String(track.Item?.caseId))).toBe(
      `${submission.description}\n\nSorunlu yol uzunluğu (m): 40\nSorun: Park eden araçlar, Bozuk zemin`,
    );
  });

  it('are asked by the call centre too, and not required of a transcribed complaint or a bridge relaying one', async () => {
    const byAgent = await postJson(
      '/v1/staff/cases',
      { ...submission, channel: 'call_center', answers: { lane_length_m: '12,5' } },
      as(agentToken),
    );
    expect(byAgent.status).toBe(201);
    expect(await description(byAgent.json.caseId as string)).toBe(
      `${submission.description}\n\nSorunlu yol uzunluğu (m): 12,5`,
    );
    const withoutAnswer = await postJson(
      '/v1/staff/cases',
      { ...submission, channel: 'call_center' },
      as(agentToken),
    );
    expect(withoutAnswer.status).toBe(422);

    const keys = new ApiKeyRepository(testDocumentClient(), mainTableName());
    const { key } = await keys.issue({
      tenantId: METRO,
      name: 'CİMER köprüsü',
      scopes: ['case.create'],
      createdBy: 'work-type-questions-test',
    });
    const bridged = await postJson(
      '/v1/integration/cases',
      {
        ...submission,
        channel: 'cimer',
        externalReference: { system: 'cimer', id: `B.${randomUUID().slice(0, 8)}` },
      },
      { 'x-api-key': key, 'idempotency-key': randomUUID() },
    );
    expect(bridged.status, JSON.stringify(bridged.json)).toBe(201);
    expect(await description(bridged.json.caseId as string)).toBe(submission.description);
  });
});
