import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { parseApiKey } from '@citydesk/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * Integration principals: a tenant admin issues scoped keys; machine clients use them
 * on the integration routes within their tenant and scopes only; keys rotate and revoke.
 */

const doc = testDocumentClient();
const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });

async function issue(admin: string, scopes: string[]): Promise<{ id: string; key: string }> {
  const res = await postJson(
    '/v1/admin/api-keys',
    { name: 'Karesi çağrı merkezi yazılımı', scopes },
    as(admin),
  );
  expect(res.status).toBe(201);
  return { id: String(res.json.id), key: String(res.json.key) };
}

const withKey = (key: string) => ({ 'x-api-key': key });
/** The secret part; base64url may itself contain `_`, so parse rather than split. */
const secretOf = (key: string) => parseApiKey(key)?.secret ?? key;

let karesiCase: string;
let altieylulCase: string;

beforeAll(async () => {
  for (const user of ['karesi.admin', 'karesi.staff', 'altieylul.admin'])
    tokens[user] = (await signIn(user)).IdToken;
  const contact = {
    phone: '0532 111 22 33',
    preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
  };
  const karesi = await fileRoutedCase(
    potholeSubmission({ lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' }, contact),
  );
  const altieylul = await fileRoutedCase(
    potholeSubmission({ lat: 39.63, lon: 27.886, neighbourhood: 'Gümüşçeşme' }, contact),
  );
  expect([karesi.owner, altieylul.owner]).toEqual(['balikesir-karesi', 'balikesir-altieylul']);
  karesiCase = karesi.caseId;
  altieylulCase = altieylul.caseId;
});

describe('API keys', () => {
  it('are issued by tenant admins only, shown once and listed without their secret', async () => {
    const denied = await postJson(
      '/v1/admin/api-keys',
      { name: 'deneme', scopes: ['case.read'] },
      as('karesi.staff'),
    );
    expect(denied.status).toBe(403);
    const { id, key } = await issue('karesi.admin', ['queue.list', 'case.read']);
    expect(key).toMatch(/^cdk_[0-9A-Z]{26}_[A-Za-z0-9_-]{43}$/);
    const list = await getJson('/v1/admin/api-keys', as('karesi.admin'));
    const listed = (list.json.items as Record<string, unknown>[]).find((k) => k.id === id);
    expect(listed).toMatchObject({ tenantId: 'balikesir-karesi', scopes: ['queue.list', 'case.read'] });
    expect(JSON.stringify(list.json)).not.toContain(secretOf(key));
    expect(listed).not.toHaveProperty('secretHash');
    // Stored hashed: the table never holds the secret.
    const { Item } = await doc.send(
      new GetCommand({ TableName: mainTableName(), Key: { pk: `APIKEY#${id}`, sk: '#APIKEY' } }),
    );
    expect(JSON.stringify(Item)).not.toContain(secretOf(key));
    const other = await getJson('/v1/admin/api-keys', as('altieylul.admin'));
    expect((other.json.items as { id: string }[]).map((k) => k.id)).not.toContain(id);
  });

  it('let a machine client read its own tenant within its scopes, and nothing else', async () => {
    const { key } = await issue('karesi.admin', ['queue.list', 'case.read']);
    const list = await getJson('/v1/integration/cases?limit=100', withKey(key));
    expect(list.status).toBe(200);
    const ids = (list.json.items as { id: string }[]).map((i) => i.id);
    expect(ids).toContain(karesiCase);
    expect(ids).not.toContain(altieylulCase);
    expect((await getJson('/v1/integration/cases?tenantId=balikesir-altieylul', withKey(key))).status).toBe(
      403,
    );
    expect((await getJson(`/v1/integration/cases/${altieylulCase}`, withKey(key))).status).toBe(404);
    const own = await getJson(`/v1/integration/cases/${karesiCase}`, withKey(key));
    expect(own.status).toBe(200);
    expect(own.json.piiAccess).toBe('masked');
    const readOnly = await issue('karesi.admin', ['case.read']);
    expect((await getJson('/v1/integration/cases', withKey(readOnly.key))).status).toBe(403);
  });

  it('refuse a missing, malformed or tampered key with 401', async () => {
    const { key } = await issue('karesi.admin', ['queue.list']);
    const tampered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const headers of [{}, withKey('nonsense'), withKey(tampered)] as Record<string, string>[]) {
      const res = await getJson('/v1/integration/cases', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    // A staff token is no key, and a key is no staff token.
    expect((await getJson('/v1/integration/cases', as('karesi.staff'))).status).toBe(401);
    expect((await getJson('/v1/staff/cases', withKey(key))).status).toBe(401);
  });

  it('rotate to a new secret (the old one stops at once) and revoke', async () => {
    const { id, key } = await issue('karesi.admin', ['queue.list']);
    const rotated = await postJson(`/v1/admin/api-keys/${id}/rotate`, {}, as('karesi.admin'));
    expect(rotated.status).toBe(201);
    const newKey = String(rotated.json.key);
    expect((await getJson('/v1/integration/cases', withKey(key))).status).toBe(401);
    expect((await getJson('/v1/integration/cases', withKey(newKey))).status).toBe(200);
    // Another tenant's admin cannot touch it.
    const foreign = await fetch(apiUrl(`/v1/admin/api-keys/${rotated.json.id}`), {
      method: 'DELETE',
      headers: as('altieylul.admin'),
    });
    expect(foreign.status).toBe(404);
    const revoked = await fetch(apiUrl(`/v1/admin/api-keys/${rotated.json.id}`), {
      method: 'DELETE',
      headers: as('karesi.admin'),
    });
    expect(revoked.status).toBe(204);
    expect((await getJson('/v1/integration/cases', withKey(newKey))).status).toBe(401);
    const trail = await getJson(
      `/v1/staff/audit?userId=${(await getJson('/v1/staff/me', as('karesi.admin'))).json.userId}`,
      as('karesi.admin'),
    );
    const actions = (trail.json.items as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['api-key.issue', 'api-key.rotate', 'api-key.revoke']));
  });
});
