import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiUrl, getJson, postJson } from '../support/api-client.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * User administration through the real API against cognito-local: a tenant admin
 * invites, changes, disables, enables and resets users of their own tenant only;
 * another tenant's users are "not found"; the CSV import reports in a dry run and
 * creates once; the platform operator creates a tenant's administrator but sees no
 * case. Every change is audited.
 */

const endpoints = inject('endpoints');
const idp = new CognitoIdentityProviderClient({
  endpoint: endpoints.cognitoEndpoint,
  region: endpoints.region,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const doc = testDocumentClient();
const tokens: Record<string, string> = {};
const as = (user: string, lang = 'tr') => ({
  authorization: `Bearer ${tokens[user]}`,
  'accept-language': lang,
});
/** Unique per run: the local cloud's pool lives as long as the test run. */
const run = Date.now().toString(36);
const NEW_PASSWORD = 'YeniParola2026x';

async function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(apiUrl(path), {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/**
 * Signs in as the portal does locally; answers the first sign-in's
 * NEW_PASSWORD_REQUIRED challenge with a password of the user's own.
 */
async function signInWith(username: string, password: string, newPassword = NEW_PASSWORD): Promise<string> {
  const started = await idp.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: endpoints.userPoolClientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  if (started.AuthenticationResult?.IdToken) return started.AuthenticationResult.IdToken;
  expect(started.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  const answered = await idp.send(
    new RespondToAuthChallengeCommand({
      ClientId: endpoints.userPoolClientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: started.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
    }),
  );
  const idToken = answered.AuthenticationResult?.IdToken;
  if (!idToken) throw new Error('no ID token after the new password');
  return idToken;
}

async function invite(admin: string, body: Record<string, unknown>) {
  return send('POST', '/v1/admin/users', as(admin), body);
}

async function auditOf(
  actorUserId: string,
): Promise<{ action: string; details?: Record<string, unknown> }[]> {
  const found = await doc.send(
    new QueryCommand({
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#USER#${actorUserId}` },
    }),
  );
  return (found.Items ?? []) as { action: string; details?: Record<string, unknown> }[];
}

const userIdOf = (token: string) => String(decodeJwt(token).sub);

beforeAll(async () => {
  for (const user of ['karesi.admin', 'karesi.staff', 'altieylul.admin', 'platform.operator', 'metro.admin'])
    tokens[user] = (await signIn(user)).IdToken;
});

afterAll(() => idp.destroy());

describe('user administration by a tenant admin', () => {
  const username = `ayse.${run}`;
  let temporaryPassword: string;

  it('invites a user of its own tenant, who signs in after choosing a password', async () => {
    const res = await invite('karesi.admin', {
      username,
      email: `ayse.${run}@karesi.example`,
      displayName: 'Ayşe Yıldırım',
      roles: ['staff'],
      departmentCode: 'FEN',
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({
      username,
      tenantId: 'balikesir-karesi',
      displayName: 'Ayşe Yıldırım',
      roles: ['staff'],
      departmentCode: 'FEN',
      state: 'invited',
    });
    temporaryPassword = String(res.json.temporaryPassword);
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(16);

    const idToken = await signInWith(username, temporaryPassword);
    const claims = decodeJwt(idToken);
    expect(claims['custom:tenant_id']).toBe('balikesir-karesi');
    expect(claims['custom:department']).toBe('FEN');
    const me = await getJson('/v1/staff/me', { authorization: `Bearer ${idToken}` });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      username,
      tenantId: 'balikesir-karesi',
      roles: ['staff'],
      departmentCode: 'FEN',
    });

    const listed = await getJson(
      `/v1/admin/users?q=${encodeURIComponent('ayse yildirim')}`,
      as('karesi.admin'),
    );
    expect(listed.status).toBe(200);
    const items = listed.json.items as { username: string; state: string; displayName: string }[];
    // The sign-in made the account active; the admin's display name survived it.
    expect(items.find((u) => u.username === username)).toMatchObject({
      state: 'active',
      displayName: 'Ayşe Yıldırım',
    });
  });

  it('refuses a second account by the same username (409) and invalid fields in Turkish and English', async () => {
    const again = await invite('karesi.admin', {
      username,
      email: `baska.${run}@karesi.example`,
      displayName: 'Başka Biri',
      roles: ['staff'],
    });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('user-exists');

    const bad = { username: 'Ayşe Y', email: 'not-an-email', displayName: 'A', roles: ['wizard'] };
    const tr = await invite('karesi.admin', bad);
    expect(tr.status).toBe(400);
    const paths = (tr.json.errors as { path: string; message: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['displayName', 'email', 'roles.0', 'username']);
    const en = await send('POST', '/v1/admin/users', as('karesi.admin', 'en'), bad);
    const messages = (en.json.errors as { path: string; message: string }[]).map((e) => e.message).join(' ');
    expect(messages).toContain('username');

    const unknownDepartment = await invite('karesi.admin', {
      username: `dep.${run}`,
      email: `dep.${run}@karesi.example`,
      displayName: 'Birim Yok',
      roles: ['staff'],
      departmentCode: 'UZAY',
    });
    expect(unknownDepartment.status).toBe(400);
    expect(unknownDepartment.json.errors).toEqual([
      { path: 'departmentCode', message: 'Bu birim kentin birim listesinde yok.' },
    ]);
    const platformRole = await invite('karesi.admin', {
      username: `op.${run}`,
      email: `op.${run}@karesi.example`,
      displayName: 'Sahte Operatör',
      roles: ['platform'],
    });
    expect(platformRole.status).toBe(400);
    const otherTenant = await invite('karesi.admin', {
      username: `other.${run}`,
      email: `other.${run}@karesi.example`,
      displayName: 'Başka Kurum',
      roles: ['staff'],
      tenantId: 'balikesir-altieylul',
    });
    expect(otherTenant.status).toBe(403);
    const staff = await invite('karesi.staff', {
      username: `nope.${run}`,
      email: `nope.${run}@karesi.example`,
      displayName: 'Yetkisiz Davet',
      roles: ['staff'],
    });
    expect(staff.status).toBe(403);
  });

  it('changes roles and department, visible in a fresh token', async () => {
    const res = await send('PATCH', `/v1/admin/users/${username}`, as('karesi.admin'), {
      roles: ['staff', 'supervisor'],
      departmentCode: 'TEMIZLIK',
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ roles: ['staff', 'supervisor'], departmentCode: 'TEMIZLIK' });
    const claims = decodeJwt(await signInWith(username, NEW_PASSWORD));
    expect(String(claims['cognito:groups'])).toContain('supervisor');
    expect(claims['custom:department']).toBe('TEMIZLIK');

    const cleared = await send('PATCH', `/v1/admin/users/${username}`, as('karesi.admin'), {
      departmentCode: null,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.json.departmentCode).toBeUndefined();
    const nothing = await send('PATCH', `/v1/admin/users/${username}`, as('karesi.admin'), {});
    expect(nothing.status).toBe(400);
  });

  it('disables (the API refuses the user at once), enables again, and never lets an admin lock itself out', async () => {
    const before = await signInWith(username, NEW_PASSWORD);
    const disabled = await send('POST', `/v1/admin/users/${username}/disable`, as('karesi.admin'));
    expect(disabled.status).toBe(200);
    expect(disabled.json.state).toBe('disabled');
    // cognito-local still issues tokens to disabled users (AWS does not); either way
    // the API refuses them, including a token issued before the disable.
    expect((await getJson('/v1/staff/me', { authorization: `Bearer ${before}` })).status).toBe(401);
    let after: string | undefined;
    try {
      after = await signInWith(username, NEW_PASSWORD);
    } catch {
      after = undefined;
    }
    if (after) expect((await getJson('/v1/staff/me', { authorization: `Bearer ${after}` })).status).toBe(401);
    const directory = await getJson('/v1/staff/directory', as('karesi.admin'));
    expect((directory.json.people as { username: string }[]).some((p) => p.username === username)).toBe(
      false,
    );

    const enabled = await send('POST', `/v1/admin/users/${username}/enable`, as('karesi.admin'));
    expect(enabled.status).toBe(200);
    expect(enabled.json.state).toBe('active');
    const again = await signInWith(username, NEW_PASSWORD);
    expect((await getJson('/v1/staff/me', { authorization: `Bearer ${again}` })).status).toBe(200);

    const self = await send('POST', '/v1/admin/users/karesi.admin/disable', as('karesi.admin'));
    expect(self.status).toBe(422);
    const demote = await send('PATCH', '/v1/admin/users/karesi.admin', as('karesi.admin'), {
      roles: ['staff'],
    });
    expect(demote.status).toBe(422);
  });

  it('resets the password: the old one stops, the temporary one asks for a new password', async () => {
    const res = await send('POST', `/v1/admin/users/${username}/reset-password`, as('karesi.admin'));
    expect(res.status).toBe(200);
    const temporary = String(res.json.temporaryPassword);
    expect(temporary).not.toBe(temporaryPassword);
    const started = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: endpoints.userPoolClientId,
        AuthParameters: { USERNAME: username, PASSWORD: temporary },
      }),
    );
    expect(started.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const token = await signInWith(username, temporary, 'UcuncuParola2026');
    expect((await getJson('/v1/staff/me', { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it("cannot see or touch another tenant's user: 404, exactly as a missing user", async () => {
    const missing = await send('POST', `/v1/admin/users/nobody.${run}/disable`, as('altieylul.admin'));
    expect(missing.status).toBe(404);
    for (const [method, path, body] of [
      ['POST', `/v1/admin/users/${username}/disable`, undefined],
      ['POST', `/v1/admin/users/${username}/enable`, undefined],
      ['POST', `/v1/admin/users/${username}/reset-password`, undefined],
      ['PATCH', `/v1/admin/users/${username}`, { roles: ['admin'] }],
    ] as const) {
      const res = await send(method, path, as('altieylul.admin'), body);
      expect(res.status, `${method} ${path}`).toBe(404);
      const { instance: _a, ...problem } = res.json;
      const { instance: _b, ...missingProblem } = missing.json;
      expect(problem).toEqual(missingProblem);
    }
    const list = await getJson('/v1/admin/users', as('altieylul.admin'));
    expect(list.status).toBe(200);
    const usernames = (list.json.items as { username: string; tenantId: string }[]).map((u) => u.username);
    expect(usernames).not.toContain(username);
    expect(usernames).toContain('altieylul.staff');
    expect(usernames).not.toContain('karesi.staff');
    // The metro's admin administers the metropolitan municipality, not its districts.
    const metro = await send('POST', `/v1/admin/users/${username}/disable`, as('metro.admin'));
    expect(metro.status).toBe(404);
    const forged = await getJson('/v1/admin/users?tenantId=balikesir-karesi', as('altieylul.admin'));
    expect(forged.status).toBe(403);
  });

  it('audits every change with the target user', async () => {
    const records = await auditOf(userIdOf(tokens['karesi.admin'] as string));
    const mine = records.filter((r) => r.details?.username === username).map((r) => r.action);
    expect(mine).toEqual(
      expect.arrayContaining([
        'user.invite',
        'user.update',
        'user.disable',
        'user.enable',
        'user.reset-password',
      ]),
    );
  });
});

describe('CSV import', () => {
  const header = 'kullanici_adi;e_posta;ad_soyad;roller;birim';
  const csv = [
    `\uFEFF${header}`,
    `imp1.${run};imp1.${run}@karesi.example;"Çağla Şahin";personel;FEN`,
    `imp2.${run};imp2.${run}@karesi.example;"Öztürk; İsmail";birim sorumlusu|staff;Temizlik İşleri`,
    `imp3.${run};bozuk-eposta;Eksik E-posta;staff;FEN`,
    `imp4.${run};imp4.${run}@karesi.example;Rolü Bilinmeyen;sihirbaz;FEN`,
    `imp5.${run};imp5.${run}@karesi.example;Birimi Bilinmeyen;staff;UZAY`,
    `imp1.${run};imp1b.${run}@karesi.example;Aynı Kullanıcı;staff;FEN`,
    `karesi.staff;baska.${run}@karesi.example;Var Olan;staff;FEN`,
    `altieylul.staff;alt.${run}@karesi.example;Başka Kurumda;staff;FEN`,
  ].join('\r\n');

  const importAs = (admin: string, dryRun: boolean, lang = 'tr') =>
    send('POST', `/v1/admin/users/import?dryRun=${dryRun}`, as(admin, lang), { csv });

  it('reports every row in a dry run, with precise reasons, and creates nothing', async () => {
    const res = await importAs('karesi.admin', true);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.delimiter).toBe(';');
    const rows = res.json.rows as {
      line: number;
      outcome: string;
      errors: { field: string; code: string }[];
    }[];
    expect(rows.map((r) => [r.line, r.outcome, r.errors.map((e) => `${e.field}:${e.code}`)])).toEqual([
      [2, 'ok', []],
      [3, 'ok', []],
      [4, 'error', ['email:user-import.invalid-email']],
      [5, 'error', ['roles:user-import.unknown-role']],
      [6, 'error', ['departmentCode:user-import.unknown-department']],
      [7, 'error', ['username:user-import.duplicate-in-file']],
      [8, 'exists', ['username:user-import.already-exists']],
      [9, 'error', ['username:user-import.already-exists']],
    ]);
    expect(res.json.counts).toEqual({ ok: 2, created: 0, exists: 1, error: 5 });
    const en = await importAs('karesi.admin', true, 'en');
    const messages = (en.json.rows as { errors: { message: string }[] }[]).flatMap((r) =>
      r.errors.map((e) => e.message),
    );
    expect(messages).toContain('Invalid e-mail address.');
    expect(messages).toContain('Also on an earlier row of the file.');
    const listed = await getJson(`/v1/admin/users?q=imp1.${run}`, as('karesi.admin'));
    expect(listed.json.items).toEqual([]);
  });

  it('creates the ok rows in a real run, and nothing twice when the file is run again', async () => {
    const first = await importAs('karesi.admin', false);
    expect(first.status).toBe(200);
    expect(first.json.counts).toEqual({ ok: 0, created: 2, exists: 1, error: 5 });
    const second = await importAs('karesi.admin', false);
    expect(second.json.counts).toEqual({ ok: 0, created: 0, exists: 3, error: 5 });
    const listed = await getJson(`/v1/admin/users?q=${run}`, as('karesi.admin'));
    const imported = (
      listed.json.items as {
        username: string;
        displayName: string;
        roles: string[];
        departmentCode?: string;
      }[]
    )
      .filter((u) => u.username.startsWith('imp'))
      .map((u) => ({
        username: u.username,
        displayName: u.displayName,
        roles: u.roles,
        departmentCode: u.departmentCode,
      }));
    expect(imported).toEqual([
      { username: `imp1.${run}`, displayName: 'Çağla Şahin', roles: ['staff'], departmentCode: 'FEN' },
      {
        username: `imp2.${run}`,
        displayName: 'Öztürk; İsmail',
        roles: ['staff', 'supervisor'],
        departmentCode: 'TEMIZLIK',
      },
    ]);
  });

  it('is for administrators only', async () => {
    expect((await importAs('karesi.staff', true)).status).toBe(403);
  });
});

describe('the platform operator', () => {
  it('creates the administrator of a tenant, and no other kind of user there', async () => {
    const admin = await invite('platform.operator', {
      username: `baski.admin.${run}`,
      email: `admin.${run}@baski.example`,
      displayName: 'BASKİ Yöneticisi',
      roles: ['admin'],
      tenantId: 'baski',
    });
    expect(admin.status, JSON.stringify(admin.json)).toBe(201);
    expect(admin.json).toMatchObject({ tenantId: 'baski', roles: ['admin'] });
    const staff = await invite('platform.operator', {
      username: `baski.staff.${run}`,
      email: `staff.${run}@baski.example`,
      displayName: 'BASKİ Personeli',
      roles: ['staff'],
      tenantId: 'baski',
    });
    expect(staff.status).toBe(400);
    const unknown = await invite('platform.operator', {
      username: `ghost.admin.${run}`,
      email: `ghost.${run}@ghost.example`,
      displayName: 'Hayalet Yönetici',
      roles: ['admin'],
      tenantId: 'hayalet-belediyesi',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toEqual([{ path: 'tenantId', message: 'Böyle bir kurum yok.' }]);

    // It sees a tenant's administrators, not its staff, and can reset them, not the staff.
    const list = await getJson('/v1/admin/users?tenantId=baski', as('platform.operator'));
    expect(list.status).toBe(200);
    const roles = (list.json.items as { roles: string[] }[]).map((u) => u.roles);
    expect(roles.length).toBeGreaterThan(0);
    for (const r of roles) expect(r).toEqual(['admin']);
    expect(
      (await send('POST', '/v1/admin/users/baski.admin/reset-password', as('platform.operator'))).status,
    ).toBe(200);
    expect(
      (await send('POST', '/v1/admin/users/baski.staff/reset-password', as('platform.operator'))).status,
    ).toBe(404);
    // The new admin manages the tenant's users from the start.
    const token = await signInWith(`baski.admin.${run}`, String(admin.json.temporaryPassword));
    tokens.newAdmin = token;
    const byNewAdmin = await invite('newAdmin', {
      username: `baski.ekip.${run}`,
      email: `ekip.${run}@baski.example`,
      displayName: 'Arıza Ekibi Şefi',
      roles: ['supervisor'],
      departmentCode: 'SU_ISLETME',
    });
    expect(byNewAdmin.status).toBe(201);
  });

  it('is a principal without a city, and reads no case at all', async () => {
    const me = await getJson('/v1/staff/me', as('platform.operator'));
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ tenantId: 'platform', tenantType: 'platform', roles: ['platform'] });
    expect((await getJson('/v1/staff/cases', as('platform.operator'))).status).toBe(403);
    expect((await getJson('/v1/staff/cases?tenantId=balikesir-karesi', as('platform.operator'))).status).toBe(
      403,
    );
    expect((await getJson('/v1/staff/queue', as('platform.operator'))).status).toBe(403);
    const filed = await postJson(
      '/v1/staff/cases',
      {},
      { ...as('platform.operator'), 'idempotency-key': crypto.randomUUID() },
    );
    expect([400, 403]).toContain(filed.status);
  });
});
