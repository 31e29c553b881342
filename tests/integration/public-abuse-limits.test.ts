import { randomInt, randomUUID } from 'node:crypto';
import { httpRoutes } from '@citydesk/functions/manifest';
import { beforeAll, describe, expect, it } from 'vitest';
import { potholeSubmission } from '../support/case-fixtures.ts';
import { invokeRoute, useHandlerEnvironment } from '../support/handler-invocation.ts';

/*
 * The per-phone daily quota of public intake, through the real handler and table with
 * the deployed default (the shared test cloud lifts it for its own fixtures: they file
 * hundreds of cases from one number). The per-address limits are the gateway's
 * (packages/local-cloud/src/rate-limiter.test.ts) and WAF's (tests/infra).
 */

const route = httpRoutes.find((r) => r.id === 'CreatePublicCase');
if (!route) throw new Error('CreatePublicCase is not in the manifest');

beforeAll(() => {
  useHandlerEnvironment({ PUBLIC_CASES_PER_PHONE_PER_DAY: '3' });
});

const submission = (phone: string) =>
  potholeSubmission(
    { lat: 39.6489, lon: 27.8869, neighbourhood: 'Maltepe' },
    {
      name: 'Kota Deneme',
      phone,
      preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
    },
  );
const file = (phone: string, idempotencyKey: string = randomUUID(), lang = 'tr') =>
  invokeRoute({
    route,
    body: submission(phone),
    headers: { 'idempotency-key': idempotencyKey, 'accept-language': lang },
  });

describe('public intake: cases per phone per day', () => {
  it('files the quota, then answers 429 problem+json in Turkish and English; replays never count', async () => {
    const phone = `0532${String(randomInt(1_000_000, 9_999_999))}`;
    const first = await file(phone, 'quota-replayed-key-1');
    expect(first.status, first.text).toBe(201);
    // The same request again is a replay of the stored case: it does not use the quota.
    const replay = await file(phone, 'quota-replayed-key-1');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await file(phone)).status).toBe(201);
    expect((await file(phone)).status).toBe(201);

    const refused = await file(phone);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json.title).toMatch(/telefon numarası/);
    const inEnglish = await file(phone, randomUUID(), 'en');
    expect(inEnglish.status).toBe(429);
    expect(inEnglish.json.title).toMatch(/phone number/);

    // Another number is not affected.
    expect((await file(`0533${String(randomInt(1_000_000, 9_999_999))}`)).status).toBe(201);
  });
});
