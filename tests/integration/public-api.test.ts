import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { httpRoutes } from '@citydesk/functions/manifest';
import { describe, expect, it } from 'vitest';
import { apiUrl, eventually, getJson, postJson } from '../support/api-client.ts';
import {
  casePartition,
  countEntities,
  mainTableName,
  testDocumentClient,
} from '../support/table-inspection.ts';

const doc = testDocumentClient();

/** A Karesi neighbourhood: a local-street pothole there belongs to Karesi Belediyesi. */
const validSubmission = {
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  description: 'Sokağımızın ortasında derin bir çukur var, araçlar zarar görüyor.',
  location: {
    lat: 39.6485,
    lon: 27.8862,
    neighbourhood: 'Dumlupınar',
    address: 'Dumlupınar Mah. 3. Sokak No:5',
  },
  contact: {
    name: 'Ayşe Yılmaz',
    phone: '0532 123 45 67',
    preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
  },
  consent: { accepted: true, noticeVersion: '2026-11' },
};

const digits = (grouped: unknown) => String(grouped).replaceAll('-', '');

describe('citizen files a request and tracks it', () => {
  it('answers 201 with a dictatable tracking number, then shows the case routed to the district', async () => {
    const created = await postJson('/v1/public/cases', validSubmission);
    expect(created.status).toBe(201);
    expect(created.json.trackingNo).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(created.json.status).toBe('NEW');
    expect(created.headers.get('location')).toBe(`/v1/public/track/${digits(created.json.trackingNo)}`);

    const routed = await eventually(async () => {
      const r = await getJson(`/v1/public/track/${created.json.trackingNo}`);
      return r.json.status === 'ROUTED' ? r : undefined;
    });
    expect(routed.json).toMatchObject({
      trackingNo: created.json.trackingNo,
      workType: { code: 'ROAD-POTHOLE-LOCAL', name: { tr: 'Sokakta asfalt çukuru' } },
      organisation: { tenantId: 'balikesir-karesi', name: 'Karesi Belediyesi' },
      district: 'Karesi',
    });
    const timeline = routed.json.timeline as { type: string }[];
    expect(timeline.map((e) => e.type)).toEqual(['created', 'routed']);
    // The public view never carries personal data.
    const text = JSON.stringify(routed.json);
    expect(text).not.toContain('Ayşe');
    expect(text).not.toContain('532');
  });

  it('writes case, tracking number, first event and outbox intent in one transaction', async () => {
    const created = await postJson('/v1/public/cases', validSubmission);
    const track = await doc.send(
      new GetCommand({
        TableName: mainTableName(),
        Key: { pk: `TRACK#${digits(created.json.trackingNo)}`, sk: '#TRACK' },
      }),
    );
    const caseId = String(track.Item?.caseId);
    const items = await casePartition(doc, caseId);
    const kinds = items.map((i) => String(i.entity));
    expect(kinds).toContain('Case');
    expect(kinds).toContain('CaseEvent');
    expect(kinds).toContain('Outbox');
    const stored = items.find((i) => i.entity === 'Case');
    expect(stored?.contact?.phone).toBe('+905321234567');
    // The history index holds an HMAC of the phone, never the number itself.
    expect(String(stored?.gsi2pk)).toMatch(/^CITIZEN#[A-Za-z0-9_-]{43}$/);
    expect(String(stored?.gsi2pk)).not.toContain('905321234567');
  });

  it('routes a metropolitan work type to the metro and a water work type to BASKİ', async () => {
    // On a designated main artery: the split rule keeps it metropolitan (on a sokak it would go to Karesi).
    const arterial = await postJson('/v1/public/cases', {
      ...validSubmission,
      workTypeCode: 'ROAD-POTHOLE-ARTERIAL',
      location: { ...validSubmission.location, address: 'Milli Kuvvetler Caddesi No:12' },
    });
    const water = await postJson('/v1/public/cases', { ...validSubmission, workTypeCode: 'WATER-NO-SUPPLY' });
    expect([arterial.status, water.status]).toEqual([201, 201]);
    const ownerOf = (no: unknown) =>
      eventually(async () => {
        const r = await getJson(`/v1/public/track/${no}`);
        return (r.json.organisation as { tenantId?: string } | undefined)?.tenantId;
      });
    expect(await ownerOf(arterial.json.trackingNo)).toBe('balikesir-bb');
    expect(await ownerOf(water.json.trackingNo)).toBe('baski');
  });
});

describe('Idempotency-Key', () => {
  it('returns the same case on a retry, even when the retries race', async () => {
    const key = randomUUID();
    const before = await countEntities(doc, 'Case');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        postJson('/v1/public/cases', validSubmission, { 'idempotency-key': key }),
      ),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.json.trackingNo)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(7);
    expect(await countEntities(doc, 'Case')).toBe(before + 1);
  });

  it('refuses the same key with a different request (422)', async () => {
    const key = randomUUID();
    expect((await postJson('/v1/public/cases', validSubmission, { 'idempotency-key': key })).status).toBe(
      201,
    );
    const other = await postJson(
      '/v1/public/cases',
      { ...validSubmission, description: 'Başka bir konu hakkında yazıyorum.' },
      {
        'idempotency-key': key,
        'accept-language': 'en',
      },
    );
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({
      code: 'idempotency-key-reused',
      title: 'This Idempotency-Key was used with a different request',
    });
  });
});

describe('bad input gets problem+json and writes nothing', () => {
  const garbage: {
    name: string;
    body: string;
    headers?: Record<string, string>;
    status: number;
    code: string;
  }[] = [
    { name: 'malformed JSON', body: '{"workTypeCode": ', status: 400, code: 'malformed-json' },
    { name: 'a JSON array', body: '[1,2,3]', status: 400, code: 'validation-failed' },
    { name: 'JSON null', body: 'null', status: 400, code: 'validation-failed' },
    { name: 'an empty body', body: '', status: 400, code: 'malformed-json' },
    {
      name: 'unknown fields',
      body: JSON.stringify({ ...validSubmission, isAdmin: true }),
      status: 400,
      code: 'validation-failed',
    },
    {
      name: 'prototype pollution',
      body: `{"__proto__": {"x": 1}, ${JSON.stringify(validSubmission).slice(1)}`,
      status: 400,
      code: 'validation-failed',
    },
    {
      name: 'wrong types',
      body: JSON.stringify({ ...validSubmission, description: 42 }),
      status: 400,
      code: 'validation-failed',
    },
    {
      name: 'an invalid phone',
      body: JSON.stringify({ ...validSubmission, contact: { ...validSubmission.contact, phone: '0532 12' } }),
      status: 400,
      code: 'validation-failed',
    },
    {
      name: 'coordinates off the globe',
      body: JSON.stringify({ ...validSubmission, location: { lat: 95, lon: 27 } }),
      status: 400,
      code: 'validation-failed',
    },
    {
      name: 'no consent',
      body: JSON.stringify({ ...validSubmission, consent: { accepted: false, noticeVersion: 'x' } }),
      status: 400,
      code: 'validation-failed',
    },
    {
      name: 'an oversized body',
      body: JSON.stringify({ ...validSubmission, description: 'ç'.repeat(70_000) }),
      status: 413,
      code: 'payload-too-large',
    },
    {
      name: 'a form body',
      body: 'workTypeCode=ROAD',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
      code: 'unsupported-media-type',
    },
    {
      name: 'an unknown work type',
      body: JSON.stringify({ ...validSubmission, workTypeCode: 'NO-SUCH-TYPE' }),
      status: 422,
      code: 'business-rule-violated',
    },
    {
      name: 'a missing required location',
      body: JSON.stringify({ ...validSubmission, location: undefined }),
      status: 422,
      code: 'business-rule-violated',
    },
    {
      name: 'a bad Idempotency-Key',
      body: JSON.stringify(validSubmission),
      headers: { 'idempotency-key': 'x' },
      status: 400,
      code: 'invalid-idempotency-key',
    },
  ];

  it.each(garbage)('$name → $status $code', async ({ body, headers, status, code }) => {
    const before = await countEntities(doc, 'Case');
    const res = await fetch(apiUrl('/v1/public/cases'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'tr', ...headers },
      body,
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ status, code, type: `urn:citydesk:problem:${code}` });
    expect(typeof problem.title).toBe('string');
    expect(await countEntities(doc, 'Case')).toBe(before);
  });

  it('explains field errors in English when asked', async () => {
    const res = await postJson(
      '/v1/public/cases',
      { ...validSubmission, contact: { ...validSubmission.contact, phone: 'abc' } },
      { 'accept-language': 'en-GB,en;q=0.9' },
    );
    expect(res.headers.get('content-language')).toBe('en');
    expect(res.json.errors).toEqual([
      { path: 'contact.phone', message: expect.stringMatching(/valid phone number/) },
    ]);
  });

  it('rejects malformed and unknown tracking numbers', async () => {
    const bad = await getJson('/v1/public/track/1234', { 'accept-language': 'en' });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('invalid-tracking-number');
    // Valid check digit, but no such case.
    const unknown = await getJson('/v1/public/track/000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.json.title).toBe('Başvuru bulunamadı');
  });

  it('answers unknown paths and methods with problem+json, not HTML', async () => {
    for (const [method, path] of [
      ['GET', '/v1/public/nope'],
      ['DELETE', '/v1/public/cases'],
    ] as const) {
      const res = await fetch(apiUrl(path), { method });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });
});

describe('platform routes', () => {
  it('reports health', async () => {
    const res = await getJson('/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', checks: { dynamodb: 'ok' } });
  });

  it('publishes an OpenAPI 3.1 document covering every manifest route', async () => {
    const res = await getJson('/openapi.json');
    expect(res.json.openapi).toBe('3.1.0');
    const paths = res.json.paths as Record<string, Record<string, unknown>>;
    for (const route of httpRoutes) expect(paths[route.path]?.[route.method.toLowerCase()]).toBeDefined();
    const schemas = (res.json.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['PublicCaseSubmission', 'ProblemDetails', 'PublicTrackView']),
    );
  });

  it('serves the catalogue the portal needs', async () => {
    const res = await getJson('/v1/public/catalog');
    expect((res.json.workTypes as unknown[]).length).toBe(297);
    expect((res.json.districts as unknown[]).length).toBe(20);
  });

  it('names every organisation and unit, so staff screens never show bare codes', async () => {
    const res = await getJson('/v1/public/catalog');
    const tenants = res.json.tenants as { id: string; type: string; name: string; shortName: string }[];
    expect(tenants).toHaveLength(22);
    expect(tenants.filter((t) => t.type === 'metropolitan')).toHaveLength(1);
    expect(tenants.filter((t) => t.type === 'district')).toHaveLength(20);
    expect(tenants).toContainEqual({
      id: 'balikesir-karesi',
      type: 'district',
      name: 'Karesi Belediyesi',
      shortName: 'Karesi',
    });
    expect(tenants.find((t) => t.type === 'utility')).toMatchObject({ id: 'baski', shortName: 'BASKİ' });
    const departments = res.json.departments as { code: string; name: { tr: string; en: string } }[];
    expect(departments.length).toBeGreaterThan(5);
    for (const d of departments) {
      expect(d.code).toMatch(/^[A-Z0-9_]{2,24}$/);
      expect(d.name.tr.length).toBeGreaterThan(1);
      expect(d.name.en.length).toBeGreaterThan(1);
    }
    // Every work type's unit has a name to show.
    const codes = new Set(departments.map((d) => d.code));
    expect(codes).toContain('FEN');
  });
});
