import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ApiKeyRepository } from '@citydesk/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, getJson, postJson } from '../support/api-client.ts';
import { potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * The integration API: machine clients (a district's call-centre software, the CİMER,
 * e-Devlet and Açık Kapı bridges) file cases for citizens with an API key and an
 * Idempotency-Key, recording the citizen's channel and their own reference, which is
 * unique per tenant and system.
 */

const doc = testDocumentClient();
const keys = new ApiKeyRepository(doc, mainTableName());
let karesiKey: string;
let altieylulKey: string;
let readOnlyKey: string;
let staffToken: string;

const location = { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' };
const contact = {
  phone: '0532 111 22 33',
  preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
};

async function issue(tenantId: string, scopes: string[]): Promise<string> {
  const issued = await keys.issue({
    tenantId,
    name: `CİMER köprüsü ${tenantId}`,
    scopes,
    createdBy: 'integration-api-test',
  });
  return issued.key;
}

const file = (key: string, body: unknown, idempotencyKey: string = randomUUID()) =>
  postJson('/v1/integration/cases', body, { 'x-api-key': key, 'idempotency-key': idempotencyKey });

beforeAll(async () => {
  karesiKey = await issue('balikesir-karesi', ['case.create', 'case.read']);
  altieylulKey = await issue('balikesir-altieylul', ['case.create']);
  readOnlyKey = await issue('balikesir-karesi', ['case.read']);
  staffToken = (await signIn('karesi.staff')).IdToken;
});

describe('integration API: filing on a citizen’s behalf', () => {
  it('records the channel and the external reference, with the statutory CİMER deadline', async () => {
    const reference = { system: 'cimer', id: `B.${randomUUID().slice(0, 8)}/2026` };
    const res = await file(karesiKey, {
      ...potholeSubmission(location, contact),
      channel: 'cimer',
      externalReference: reference,
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ channel: 'cimer', externalReference: reference, status: 'NEW' });
    expect(String(res.json.trackingNo)).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    // CİMER answers are due within the legal period, whatever the work type's SLA.
    expect(typeof res.json.legalDueAt).toBe('string');

    const { Item } = await doc.send(
      new GetCommand({ TableName: mainTableName(), Key: { pk: `CASE#${res.json.caseId}`, sk: '#CASE' } }),
    );
    expect(Item).toMatchObject({ channel: 'cimer', externalReference: reference });
    // Staff of the owner see the reference on the case view once routing made it theirs.
    const view = await eventually(async () => {
      const r = await getJson(`/v1/staff/cases/${res.json.caseId}`, {
        authorization: `Bearer ${staffToken}`,
      });
      return r.status === 200 ? r.json : undefined;
    });
    expect(view.case).toMatchObject({ externalReference: reference, channel: 'cimer' });
  });

  it('returns the same case for the same reference, under a new idempotency key too', async () => {
    const reference = { system: 'acik_kapi', id: `AK-${randomUUID()}` };
    const body = {
      ...potholeSubmission(location, contact),
      channel: 'acik_kapi',
      externalReference: reference,
    };
    const first = await file(karesiKey, body);
    expect(first.status).toBe(201);
    const retried = await file(karesiKey, body);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.json.caseId).toBe(first.json.caseId);
    // Another tenant's bridge may use the same number for its own application.
    const other = await file(altieylulKey, body);
    expect(other.status).toBe(201);
    expect(other.json.caseId).not.toBe(first.json.caseId);
  });

  it('replays by idempotency key, and refuses a reused key with another request', async () => {
    const key = randomUUID();
    const body = { ...potholeSubmission(location, contact), channel: 'call_center' };
    const first = await file(karesiKey, body, key);
    const again = await file(karesiKey, body, key);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.json.caseId).toBe(first.json.caseId);
    const reused = await file(
      karesiKey,
      { ...body, description: 'Başka bir şikâyet, başka bir metin.' },
      key,
    );
    expect(reused.status).toBe(422);
  });

  it('requires an Idempotency-Key, a key with case.create, and a reference for state bridges', async () => {
    const body = { ...potholeSubmission(location, contact), channel: 'api' };
    const withoutKey = await postJson('/v1/integration/cases', body, { 'x-api-key': karesiKey });
    expect(withoutKey.status).toBe(400);
    expect(withoutKey.json.code).toBe('invalid-idempotency-key');
    expect((await file(readOnlyKey, body)).status).toBe(403);
    expect((await file('cdk_not_a_key', body)).status).toBe(401);
    const unreferenced = await file(karesiKey, { ...body, channel: 'e_devlet' });
    expect(unreferenced.status).toBe(400);
    expect(JSON.stringify(unreferenced.json.errors)).toContain('externalReference');
    // Self-service and muhtar channels have their own intakes.
    expect((await file(karesiKey, { ...body, channel: 'web' })).status).toBe(400);
    expect((await file(karesiKey, { ...body, channel: 'muhtar' })).status).toBe(400);
    // The problem never repeats the citizen's data.
    expect(JSON.stringify(unreferenced.json)).not.toContain('0532');
  });
});
