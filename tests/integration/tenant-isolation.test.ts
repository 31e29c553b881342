import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * Tenant isolation through the real API: tokens from cognito-local, the local JWT
 * authorizer, the handlers and the authorization module. The exhaustive rule matrix
 * and the generated-principal property test live in packages/domain.
 */

const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });

let karesiCase: string;
let altieylulCase: string;

beforeAll(async () => {
  const karesi = await fileRoutedCase(
    potholeSubmission({
      lat: 39.6485,
      lon: 27.8862,
      neighbourhood: 'Dumlupınar',
      address: 'Dumlupınar Mah. 5. Sokak No:7',
    }),
  );
  const altieylul = await fileRoutedCase(
    potholeSubmission({
      lat: 39.63,
      lon: 27.886,
      neighbourhood: 'Gümüşçeşme',
      address: 'Gümüşçeşme Mah. 5. Sokak No:7',
    }),
  );
  expect([karesi.owner, altieylul.owner]).toEqual(['balikesir-karesi', 'balikesir-altieylul']);
  karesiCase = karesi.caseId;
  altieylulCase = altieylul.caseId;
  for (const user of [
    'karesi.staff',
    'karesi.admin',
    'altieylul.staff',
    'altieylul.admin',
    'baski.staff',
    'metro.coordinator',
    'karesi.muhtar',
  ]) {
    tokens[user] = (await signIn(user)).IdToken;
  }
});

describe('a district sees only its own cases', () => {
  it("lists Karesi's cases to Karesi staff and never Altıeylül's", async () => {
    const list = await getJson('/v1/staff/cases?limit=100', as('karesi.staff'));
    expect(list.status).toBe(200);
    const ids = (list.json.items as { id: string; ownerTenantId: string }[]).map((i) => i.id);
    expect(ids).toContain(karesiCase);
    expect(ids).not.toContain(altieylulCase);
    for (const item of list.json.items as { ownerTenantId: string }[])
      expect(item.ownerTenantId).toBe('balikesir-karesi');
    // Lists carry no personal data at all.
    expect(JSON.stringify(list.json)).not.toMatch(/Ayşe|Yılmaz|5327654321|532 765/);
  });

  it("answers 404, not 403, when Karesi asks for Altıeylül's case", async () => {
    const res = await getJson(`/v1/staff/cases/${altieylulCase}`, {
      ...as('karesi.staff'),
      'accept-language': 'en',
    });
    expect(res.status).toBe(404);
    expect(res.json.code).toBe('case-not-found');
    const missing = await getJson('/v1/staff/cases/01JD0000000000000000000000', as('karesi.staff'));
    expect(missing.status).toBe(404);
    expect(missing.json.title).toBe(
      res.json.title === 'Case not found' ? 'Başvuru bulunamadı' : res.json.title,
    );
  });

  it("refuses to list another tenant's queue", async () => {
    const res = await getJson('/v1/staff/cases?tenantId=balikesir-altieylul', as('karesi.staff'));
    expect(res.status).toBe(403);
  });

  it('keeps the water utility out of district cases', async () => {
    expect((await getJson(`/v1/staff/cases/${karesiCase}`, as('baski.staff'))).status).toBe(404);
  });

  it('keeps a muhtar out of cases they neither filed nor live near', async () => {
    expect((await getJson(`/v1/staff/cases/${altieylulCase}`, as('karesi.muhtar'))).status).toBe(404);
    expect((await getJson('/v1/staff/cases', as('karesi.muhtar'))).status).toBe(403);
  });
});

describe('the metro call centre sees the city, with personal data masked', () => {
  it("lists any district's cases and reads them masked", async () => {
    const list = await getJson(
      '/v1/staff/cases?tenantId=balikesir-altieylul&limit=100',
      as('metro.coordinator'),
    );
    expect((list.json.items as { id: string }[]).map((i) => i.id)).toContain(altieylulCase);
    const res = await getJson(`/v1/staff/cases/${altieylulCase}`, as('metro.coordinator'));
    expect(res.status).toBe(200);
    expect(res.json.piiAccess).toBe('masked');
    const contact = (res.json.case as { contact: { phone: string; name: string } }).contact;
    expect(contact.phone).toBe('+90 5** *** ** 21');
    expect(contact.name).not.toContain('Ayşe');
  });
});

describe('personal data in clear is audited', () => {
  it('shows the owning staff the contact in clear and records that read', async () => {
    const res = await getJson(`/v1/staff/cases/${karesiCase}`, as('karesi.staff'));
    expect(res.json.piiAccess).toBe('full');
    expect((res.json.case as { contact: { phone: string } }).contact.phone).toBe('+905327654321');
    const trail = await getJson(`/v1/staff/audit?caseId=${karesiCase}`, as('karesi.admin'));
    expect(trail.status).toBe(200);
    expect(trail.json.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'case.pii-read', caseId: karesiCase })]),
    );
  });

  it('unmasks for the coordinator only with a reason, and records who, why and from where', async () => {
    const noReason = await fetch(apiUrl(`/v1/staff/cases/${altieylulCase}/pii-unmask`), {
      method: 'POST',
      headers: { ...as('metro.coordinator'), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noReason.status).toBe(400);
    const res = await postJson(
      `/v1/staff/cases/${altieylulCase}/pii-unmask`,
      { reason: 'Vatandaşı geri arayıp adresi teyit etmek için' },
      as('metro.coordinator'),
    );
    expect(res.status).toBe(200);
    expect((res.json.contact as { phone: string }).phone).toBe('+905327654321');
    const trail = await getJson(`/v1/staff/audit?caseId=${altieylulCase}`, as('altieylul.admin'));
    const unmask = (
      trail.json.items as { action: string; details?: { reason?: string }; sourceIp?: string }[]
    ).find((r) => r.action === 'case.pii-unmask');
    expect(unmask?.details?.reason).toMatch(/geri arayıp/);
    expect(unmask?.sourceIp).toBeTruthy();
  });

  it("does not show one district's audit records to another district's admin", async () => {
    const trail = await getJson(`/v1/staff/audit?caseId=${altieylulCase}`, as('karesi.admin'));
    expect(trail.status).toBe(200);
    expect(trail.json.items).toEqual([]);
  });

  it('keeps the audit trail away from non-admins', async () => {
    expect((await getJson(`/v1/staff/audit?caseId=${karesiCase}`, as('karesi.staff'))).status).toBe(403);
  });
});
