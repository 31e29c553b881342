import type { CityConfiguration, WorkTypeOverrideInput } from '@citydesk/domain';
import { demoCityConfiguration } from '@citydesk/domain/demo-city';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, eventually, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * Tenant administration through the real API: a platform operator onboards a
 * second city from its file; a tenant admin overrides an SLA without touching open
 * cases until they explicitly re-time them; invalid configurations are refused
 * with precise errors; the two cities never see each other.
 */

const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });

async function putJson(path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(apiUrl(path), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const ornekkent = (): CityConfiguration => structuredClone(demoCityConfiguration('ornekkent'));
const errorsOf = (json: Record<string, unknown>) => json.errors as { path: string; message: string }[];

beforeAll(async () => {
  for (const user of [
    'platform.operator',
    'karesi.admin',
    'karesi.staff',
    'baski.staff',
    'metro.coordinator',
    'altieylul.admin',
  ])
    tokens[user] = (await signIn(user)).IdToken;
});

describe('onboarding a second city', () => {
  it('is for platform operators only', async () => {
    const list = await getJson('/v1/platform/cities', as('platform.operator'));
    expect(list.status).toBe(200);
    expect((list.json.items as { cityId: string }[]).map((c) => c.cityId)).toContain('balikesir');
    expect((await getJson('/v1/platform/cities', as('karesi.admin'))).status).toBe(403);
    expect((await postJson('/v1/platform/cities', ornekkent(), as('metro.coordinator'))).status).toBe(403);
  });

  it('refuses a self-intersecting boundary, a cyclic deputy chain and an unknown department, saying where', async () => {
    const broken = ornekkent();
    broken.city.id = 'hatali-sehir';
    broken.routing.cityId = 'hatali-sehir';
    const kuzey = broken.tenants[1] as CityConfiguration['tenants'][number];
    kuzey.boundary = {
      type: 'Polygon',
      coordinates: [
        [
          [30.1, 38.25],
          [30.5, 38.35],
          [30.5, 38.25],
          [30.1, 38.35],
          [30.1, 38.25],
        ],
      ],
    };
    kuzey.settings.deputies = [
      { username: 'a', deputy: 'b' },
      { username: 'b', deputy: 'a' },
    ];
    kuzey.settings.workTypeOverrides = [
      {
        workTypeCode: 'WASTE-MISSED',
        departmentCode: 'YOK_BOYLE',
        enabled: true,
        alwaysTriage: false,
        questions: [],
      },
    ];
    const res = await postJson('/v1/platform/cities', broken, {
      ...as('platform.operator'),
      'accept-language': 'en',
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const errors = errorsOf(res.json);
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'tenants.1.boundary.coordinates.0.0',
        'tenants.1.settings.deputies',
        'tenants.1.settings.workTypeOverrides.0.departmentCode',
      ]),
    );
    expect(errors.find((e) => e.path === 'tenants.1.settings.deputies')?.message).toBe(
      'The deputy chain is a cycle: a → b → a.',
    );
    expect(errors.find((e) => e.path.endsWith('departmentCode'))?.message).toBe(
      'Unknown department: YOK_BOYLE.',
    );
    expect(errors.find((e) => e.path.startsWith('tenants.1.boundary'))?.message).toMatch(
      /^The boundary intersects itself.*\(segments 0 and 2; at 38\.3, 30\.3\)$/,
    );
    const turkish = await postJson('/v1/platform/cities', broken, as('platform.operator'));
    expect(errorsOf(turkish.json).find((e) => e.path.endsWith('departmentCode'))?.message).toBe(
      'Bilinmeyen birim: YOK_BOYLE.',
    );
    expect(
      (await getJson('/v1/platform/cities/hatali-sehir/configuration', as('platform.operator'))).status,
    ).toBe(404);
  });

  it('loads Örnekkent from its file; the city then files, routes and times its own cases', async () => {
    const created = await postJson('/v1/platform/cities', ornekkent(), as('platform.operator'));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ cityId: 'ornekkent', version: 1 });
    expect((await postJson('/v1/platform/cities', ornekkent(), as('platform.operator'))).status).toBe(409);

    const catalog = await getJson('/v1/public/catalog?city=ornekkent');
    expect(catalog.json).toMatchObject({ cityId: 'ornekkent', cityName: 'Örnekkent' });
    expect((catalog.json.workTypes as unknown[]).length).toBe(13);

    // A burst main in Güneykent: the utility owns it and works round the clock (24/7 calendar).
    const filed = await postJson('/v1/public/cases?city=ornekkent', {
      workTypeCode: 'WATER-MAIN-BURST',
      description: 'Çarşı mahallesinde ana boru patladı, sokak su altında.',
      location: { lat: 38.1, lon: 30.3, neighbourhood: 'Çarşı' },
      contact: { preference: { channel: 'none', granularity: 'result_only', language: 'tr' } },
      consent: { accepted: true, noticeVersion: '2026-11' },
    });
    expect(filed.status).toBe(201);
    const trackingNo = String(filed.json.trackingNo).replaceAll('-', '');
    const tracked = await eventually(async () => {
      const r = await getJson(`/v1/public/track/${trackingNo}`);
      return r.json.status === 'ROUTED' ? r.json : undefined;
    });
    expect(tracked.organisation).toMatchObject({ tenantId: 'orsu' });
    const createdAt = Date.parse(String(tracked.createdAt));
    expect(Date.parse(String(tracked.slaDueAt)) - createdAt).toBe(4 * 3600_000);

    // Nothing of Örnekkent is visible from Balıkesir, and the other way round.
    const coordinatorQueue = await getJson('/v1/staff/queue?tenantId=orsu', as('metro.coordinator'));
    expect(coordinatorQueue.status).toBe(403);
    expect((await getJson('/v1/admin/tenants/ornekkent-kuzey/settings', as('karesi.admin'))).status).toBe(
      404,
    );
    const balikesirCatalog = await getJson('/v1/public/catalog');
    expect(balikesirCatalog.json.cityId).toBe('balikesir');
    expect(
      (balikesirCatalog.json.tenants as { id: string }[]).some((t) => t.id.startsWith('ornekkent')),
    ).toBe(false);
  });

  it('adds a tenant to a city with its boundary, and refuses one that overlaps a district', async () => {
    const current = await getJson('/v1/platform/cities/ornekkent/configuration', as('platform.operator'));
    const version = Number(current.json.version);
    const tenant = {
      id: 'ornekkent-dogu',
      type: 'district',
      name: 'Doğukent Belediyesi',
      shortName: 'Doğukent',
      parentId: 'ornekkent-bb',
      seat: { lat: 38.3, lon: 30.45 },
      jurisdictionId: 'dogu.ornekkent.bel.tr',
      boundary: {
        type: 'Polygon',
        coordinates: [
          [
            [30.4, 38.25],
            [30.55, 38.25],
            [30.55, 38.35],
            [30.4, 38.35],
            [30.4, 38.25],
          ],
        ],
      },
    };
    const overlap = await postJson(
      '/v1/platform/cities/ornekkent/tenants',
      { expectedVersion: version, tenant },
      { ...as('platform.operator'), 'accept-language': 'en' },
    );
    expect(overlap.status).toBe(422);
    expect(errorsOf(overlap.json)[0]?.message).toMatch(
      /ornekkent-kuzey \/ ornekkent-dogu|ornekkent-dogu \/ ornekkent-kuzey/,
    );
  });
});

describe('a tenant admin overrides an SLA', () => {
  // BASKİ, whose queue no other suite reads: the override and its cases stay out of their way.
  const override: WorkTypeOverrideInput = { workTypeCode: 'WATER-LEAK-SERVICE', slaHours: 8 };
  const waterLeak = () => ({
    workTypeCode: 'WATER-LEAK-SERVICE',
    description: 'Sayaç bağlantısından sürekli su sızıyor.',
    location: { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' },
    contact: { preference: { channel: 'none', granularity: 'result_only', language: 'tr' } },
    consent: { accepted: true, noticeVersion: '2026-11' },
  });

  afterAll(async () => {
    // Later suites expect the demo settings: put BASKİ's back.
    const current = await getJson('/v1/admin/tenants/baski/settings', as('platform.operator'));
    const demo = demoCityConfiguration().tenants.find((t) => t.id === 'baski')?.settings;
    const restored = await putJson(
      '/v1/admin/tenants/baski/settings',
      { expectedVersion: current.json.version, settings: demo },
      as('platform.operator'),
    );
    expect(restored.status).toBe(200);
  });

  it('changes new cases only, until the admin re-times open ones explicitly', async () => {
    const before = await fileRoutedCase(waterLeak());
    expect(before.owner).toBe('baski');
    const dueBefore = String((await getJson(`/v1/public/track/${before.trackingNo}`)).json.slaDueAt);

    const settings = await getJson('/v1/admin/tenants/baski/settings', as('platform.operator'));
    expect(settings.status).toBe(200);
    const saved = await putJson(
      '/v1/admin/tenants/baski/settings/workTypeOverrides',
      { expectedVersion: settings.json.version, value: [override] },
      as('platform.operator'),
    );
    expect(saved.status).toBe(200);
    expect(saved.json.version).toBeGreaterThan(Number(settings.json.version));

    // The open case keeps its due time; a new one is timed with 24 working hours.
    expect((await getJson(`/v1/public/track/${before.trackingNo}`)).json.slaDueAt).toBe(dueBefore);
    const after = await fileRoutedCase(waterLeak());
    const dueAfter = Date.parse(
      String((await getJson(`/v1/public/track/${after.trackingNo}`)).json.slaDueAt),
    );
    expect(dueAfter).toBeLessThan(Date.parse(dueBefore));

    const retimed = await postJson(
      '/v1/admin/tenants/baski/sla-reapply',
      { workTypeCode: 'WATER-LEAK-SERVICE' },
      as('platform.operator'),
    );
    expect(retimed.status).toBe(200);
    expect(Number(retimed.json.retimed)).toBeGreaterThanOrEqual(1);
    const reread = await getJson(`/v1/staff/cases/${before.caseId}`, as('baski.staff'));
    expect(Date.parse(String((reread.json.case as { slaDueAt: string }).slaDueAt))).toBeLessThan(
      Date.parse(dueBefore),
    );
    const again = await postJson(
      '/v1/admin/tenants/baski/sla-reapply',
      { workTypeCode: 'WATER-LEAK-SERVICE' },
      as('platform.operator'),
    );
    expect(again.json.retimed).toBe(0);
  });

  it('refuses a stale edit of the same section, and rebases an edit of another tenant', async () => {
    const baski = await getJson('/v1/admin/tenants/baski/settings', as('platform.operator'));
    const altieylul = await getJson('/v1/admin/tenants/balikesir-altieylul/settings', as('altieylul.admin'));
    const first = await putJson(
      '/v1/admin/tenants/baski/settings/contact',
      { expectedVersion: baski.json.version, value: { phone: '0266 239 00 01' } },
      as('platform.operator'),
    );
    expect(first.status).toBe(200);
    const stale = await putJson(
      '/v1/admin/tenants/baski/settings/contact',
      { expectedVersion: baski.json.version, value: { phone: '0266 239 00 02' } },
      as('platform.operator'),
    );
    expect(stale.status).toBe(409);
    const elsewhere = await putJson(
      '/v1/admin/tenants/balikesir-altieylul/settings/contact',
      { expectedVersion: altieylul.json.version, value: { phone: '0266 241 00 00' } },
      as('altieylul.admin'),
    );
    expect(elsewhere.status).toBe(200);
    expect(
      (
        await putJson(
          '/v1/admin/tenants/balikesir-altieylul/settings/contact',
          { expectedVersion: 1, value: {} },
          as('karesi.admin'),
        )
      ).status,
    ).toBe(404);
  });
});

describe('notification templates per tenant', () => {
  it('previews a template with its SMS segments, saves it, and refuses an unknown variable', async () => {
    const template = {
      event: 'resolved',
      channel: 'sms',
      language: 'tr',
      body: 'BASKİ: {{trackingNo}} numaralı başvurunuz çözüldü. {{publicAnswer}} Ayrıntı: {{trackLink}}',
    };
    const preview = await postJson(
      '/v1/admin/tenants/baski/template-preview',
      { template },
      as('platform.operator'),
    );
    expect(preview.status).toBe(200);
    expect(preview.json).toMatchObject({ channel: 'sms', sms: { segments: expect.any(Number) } });
    expect(String(preview.json.text)).toMatch(/^BASKİ: \d{4}-\d{4}-\d{4} numaralı/);

    const settings = await getJson('/v1/admin/tenants/baski/settings', as('platform.operator'));
    const saved = await putJson(
      '/v1/admin/tenants/baski/settings/notificationTemplates',
      { expectedVersion: settings.json.version, value: [template] },
      as('platform.operator'),
    );
    expect(saved.status).toBe(200);
    const unknown = await putJson(
      '/v1/admin/tenants/baski/settings/notificationTemplates',
      { expectedVersion: saved.json.version, value: [{ ...template, body: 'Merhaba {{adSoyad}}' }] },
      { ...as('platform.operator'), 'accept-language': 'en' },
    );
    expect(unknown.status).toBe(400);
    expect(errorsOf(unknown.json)[0]?.path).toBe('value.0.body');
  });
});
