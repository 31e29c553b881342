import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, getJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * The analytics map's API on the local cloud (docs/domain/maps.md): the city's areas
 * as cacheable GeoJSON, and the open cases in a box, clustered or one by one, within
 * what the reader may see: a district's manager sees the cases its district owns and
 * no other's; the metro's manager the city; bad boxes are 400 problem+json.
 */

const tokens: Record<string, string> = {};
const as = (user: string, lang = 'en') => ({
  authorization: `Bearer ${tokens[user]}`,
  'accept-language': lang,
});
const KARESI = 'balikesir-karesi';
const ALTIEYLUL = 'balikesir-altieylul';
/** A box around the city centre that holds both cases below. */
const box = 'south=39.6&west=27.85&north=39.68&east=27.93';

interface MapAnswer {
  clusters: { lat: number; lon: number; count: number }[];
  points: { id: string; trackingNo: string; workTypeCode: string; status: string; overdue: boolean }[];
  truncated: boolean;
}
const openCases = async (user: string, query: string) => {
  const r = await getJson(`/v1/staff/analytics/open-cases?${query}`, as(user));
  return { ...r, map: r.json as unknown as MapAnswer };
};

let karesiCase: { caseId: string; trackingNo: string };
let altieylulCase: { caseId: string; trackingNo: string };

beforeAll(async () => {
  for (const user of ['metro.manager', 'karesi.manager', 'altieylul.manager', 'karesi.staff', 'metro.agent'])
    tokens[user] = (await signIn(user)).IdToken;
  // Streets of this suite's own, a few hundred metres from the centroids other suites file at.
  const k = await fileRoutedCase(potholeSubmission({ lat: 39.6612, lon: 27.8738, neighbourhood: 'Atatürk' }));
  const a = await fileRoutedCase(potholeSubmission({ lat: 39.6293, lon: 27.9062, neighbourhood: 'Sütlüce' }));
  expect([k.owner, a.owner]).toEqual([KARESI, ALTIEYLUL]);
  karesiCase = k;
  altieylulCase = a;
}, 120_000);

describe('open cases on the map', () => {
  it("shows a district's manager its own open cases and never another district's", async () => {
    const r = await openCases('karesi.manager', `${box}&zoom=16`);
    expect(r.status).toBe(200);
    const ids = r.map.points.map((p) => p.id);
    expect(ids).toContain(karesiCase.caseId);
    expect(ids).not.toContain(altieylulCase.caseId);
    const mine = r.map.points.find((p) => p.id === karesiCase.caseId);
    expect(mine).toMatchObject({ workTypeCode: 'ROAD-POTHOLE-LOCAL', status: 'ROUTED', overdue: false });
    expect(mine?.trackingNo.replaceAll('-', '')).toBe(karesiCase.trackingNo);
    // No personal data on the map: the answer carries no contact or description.
    expect(JSON.stringify(r.json)).not.toMatch(/Ayşe|0532|çukur var/);

    const other = await openCases('altieylul.manager', `${box}&zoom=16`);
    expect(other.map.points.map((p) => p.id)).toContain(altieylulCase.caseId);
    expect(other.map.points.map((p) => p.id)).not.toContain(karesiCase.caseId);
  });

  it("refuses a district's manager another tenant's map with 403 problem+json", async () => {
    const r = await getJson(
      `/v1/staff/analytics/open-cases?${box}&zoom=16&tenantId=${ALTIEYLUL}`,
      as('karesi.manager', 'tr'),
    );
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(String(r.json.detail)).toMatch(/analiz haritası/);
  });

  it('refuses those who do not read analytics', async () => {
    for (const user of ['karesi.staff', 'metro.agent']) {
      const r = await openCases(user, `${box}&zoom=16`);
      expect(r.status, user).toBe(403);
    }
  });

  it("shows the metro's manager the whole city, or one tenant", async () => {
    const city = await openCases('metro.manager', `${box}&zoom=16`);
    const ids = city.map.points.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([karesiCase.caseId, altieylulCase.caseId]));
    const one = await openCases('metro.manager', `${box}&zoom=16&tenantId=${KARESI}`);
    expect(one.map.points.map((p) => p.id)).toContain(karesiCase.caseId);
    expect(one.map.points.map((p) => p.id)).not.toContain(altieylulCase.caseId);
  });

  it('clusters when zoomed out, counting every open case of the box once', async () => {
    const points = await openCases('metro.manager', `${box}&zoom=16`);
    const clusters = await openCases('metro.manager', `${box}&zoom=9`);
    expect(clusters.map.points).toEqual([]);
    expect(clusters.map.clusters.length).toBeGreaterThan(0);
    const total = clusters.map.clusters.reduce((s, c) => s + c.count, 0);
    // Other suites may file cases between the two reads, never fewer.
    expect(total).toBeGreaterThanOrEqual(points.map.points.length);
  });

  it('filters by work type group and channel', async () => {
    const road = await openCases('metro.manager', `${box}&zoom=16&workTypeGroup=ROAD`);
    expect(road.map.points.map((p) => p.id)).toContain(karesiCase.caseId);
    const other = await openCases('metro.manager', `${box}&zoom=16&workTypeGroup=PARK`);
    expect(other.map.points.map((p) => p.id)).not.toContain(karesiCase.caseId);
    // Filed on the public portal: the web channel.
    const web = await openCases('metro.manager', `${box}&zoom=16&channel=web`);
    expect(web.map.points.map((p) => p.id)).toContain(karesiCase.caseId);
    const phone = await openCases('metro.manager', `${box}&zoom=16&channel=call_center`);
    expect(phone.status).toBe(200);
    expect(phone.map.points.map((p) => p.id)).not.toContain(karesiCase.caseId);
  });

  it('answers a bad box with 400 problem+json in the caller’s language', async () => {
    const inverted = await getJson(
      '/v1/staff/analytics/open-cases?south=39.7&west=27.8&north=39.6&east=27.9&zoom=10',
      as('metro.manager', 'tr'),
    );
    expect(inverted.status).toBe(400);
    expect(inverted.headers.get('content-type')).toContain('application/problem+json');
    expect(inverted.json.code).toBe('validation-failed');
    expect(JSON.stringify(inverted.json.errors)).toContain('north');
    const westward = await getJson(
      '/v1/staff/analytics/open-cases?south=39.6&west=27.9&north=39.7&east=27.8&zoom=10',
      as('metro.manager'),
    );
    expect(westward.status).toBe(400);
    expect(JSON.stringify(westward.json.errors)).toContain('east');
    for (const bad of [
      `${box}`,
      `${box}&zoom=30`,
      'south=x&west=27&north=40&east=28&zoom=3',
      `${box}&zoom=10&size=3`,
    ]) {
      const r = await getJson(`/v1/staff/analytics/open-cases?${bad}`, as('metro.manager'));
      expect(r.status, bad).toBe(400);
    }
  });
});

describe('map geometry', () => {
  it('serves the districts as GeoJSON keyed by the choropleth area id, with an ETag', async () => {
    const res = await fetch(apiUrl('/v1/staff/analytics/geometry?level=district'), {
      headers: as('karesi.manager'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const body = (await res.json()) as {
      type: string;
      approximate: boolean;
      features: { id: string; properties: { areaId: string; name: string; districtTenantId: string } }[];
    };
    expect(body.type).toBe('FeatureCollection');
    expect(body.approximate).toBe(true);
    expect(body.features).toHaveLength(20);
    expect(body.features.find((f) => f.id === KARESI)?.properties).toEqual({
      areaId: KARESI,
      name: 'Karesi',
      districtTenantId: KARESI,
    });
    const again = await fetch(apiUrl('/v1/staff/analytics/geometry?level=district'), {
      headers: { ...as('karesi.manager'), 'if-none-match': String(etag) },
    });
    expect(again.status).toBe(304);
  });

  it('serves the generated neighbourhoods, with 5-decimal coordinates', async () => {
    const r = await getJson('/v1/staff/analytics/geometry?level=neighbourhood', as('metro.manager'));
    expect(r.status).toBe(200);
    const features = r.json.features as { id: string; geometry: { coordinates: unknown } }[];
    expect(features.map((f) => f.id)).toContain(`${KARESI}:Atatürk`);
    const decimals = JSON.stringify(features.map((f) => f.geometry.coordinates)).match(/\.\d+/g) ?? [];
    expect(Math.max(...decimals.map((d) => d.length - 1))).toBeLessThanOrEqual(5);
  });

  it('refuses an unknown level and readers who are not analytics readers', async () => {
    expect((await getJson('/v1/staff/analytics/geometry?level=street', as('metro.manager'))).status).toBe(
      400,
    );
    expect((await getJson('/v1/staff/analytics/geometry', as('karesi.staff'))).status).toBe(403);
  });
});
