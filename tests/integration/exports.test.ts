import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiUrl, getJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * Exports and open data through the real API (docs/domain/exports-and-open-data.md):
 * tenant isolation of staff exports, no personal data in any export, the audit record,
 * the open-data rounding and the limits.
 */

const tokens: Record<string, string> = {};
const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });

/** Everything a citizen might put in a case that no export may show. */
const PII = [
  'Ayşe',
  'Yılmaz',
  '0532',
  '532 765',
  '5327654321',
  'ayse.yilmaz@example.com',
  // The address; not a bare "Atatürk", a neighbourhood other suites file in (exports show neighbourhoods).
  'Gül Sokak',
  'No:12',
];
const piiDescription =
  'Ben Ayşe Yılmaz, telefonum 0532 765 43 21, e-postam ayse.yilmaz@example.com. Gül Sokak No:12 önünde çukur var.';
const contact = {
  name: 'Ayşe Yılmaz',
  phone: '0532 765 43 21',
  email: 'ayse.yilmaz@example.com',
  preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
};

/** Five cases in one Karesi neighbourhood (enough to be placed on the grid), one in Altıeylül. */
const karesiPoints = [0, 1, 2, 3, 4].map((i) => ({
  lat: 39.648_53 + i * 0.000_11,
  lon: 27.886_17 + i * 0.000_13,
}));
const karesiTrackingNos: string[] = [];
let altieylulTrackingNo = '';

const today = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);
const text = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(apiUrl(path), { headers });
  return { status: res.status, headers: res.headers, body: await res.text() };
};
const dashed = (no: string) => `${no.slice(0, 4)}-${no.slice(4, 8)}-${no.slice(8)}`;

beforeAll(async () => {
  for (const point of karesiPoints) {
    const filed = await fileRoutedCase({
      ...potholeSubmission(
        { ...point, neighbourhood: 'Dumlupınar', address: 'Gül Sokak No:12 Daire 3' },
        contact,
      ),
      description: piiDescription,
    });
    expect(filed.owner).toBe('balikesir-karesi');
    karesiTrackingNos.push(filed.trackingNo);
  }
  const other = await fileRoutedCase({
    ...potholeSubmission({ lat: 39.63, lon: 27.886, neighbourhood: 'Gümüşçeşme' }, contact),
    description: piiDescription,
  });
  expect(other.owner).toBe('balikesir-altieylul');
  altieylulTrackingNo = other.trackingNo;
  for (const user of ['karesi.staff', 'karesi.admin', 'karesi.manager', 'metro.coordinator'])
    tokens[user] = (await signIn(user)).IdToken;
}, 180_000);

describe('staff case-list export', () => {
  it('gives a district its own cases only, as Turkish-Excel CSV, with no personal data', async () => {
    const res = await text(`/v1/staff/cases/export?format=csv&from=${today}&to=${today}`, as('karesi.staff'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`kent-masasi-basvurular-${today}_${today}.csv`);
    // fetch's text() drops the BOM; the header row is Turkish and `;`-separated.
    const [header, ...rows] = res.body.split('\r\n').filter(Boolean);
    expect(header).toMatch(/^Takip numarası;Başvuru tarihi;Durum kodu;Durum;/);
    for (const no of karesiTrackingNos) expect(res.body).toContain(dashed(no));
    expect(res.body).not.toContain(dashed(altieylulTrackingNo));
    for (const row of rows) expect(row).toContain('Karesi');
    for (const secret of PII) expect(res.body).not.toContain(secret);
    expect(Number(res.headers.get('x-export-rows'))).toBe(rows.length);
  });

  it('keeps the byte order mark for Excel', async () => {
    const res = await fetch(apiUrl(`/v1/staff/cases/export?format=csv&from=${today}&to=${today}`), {
      headers: as('karesi.staff'),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('exports the open work queue as XLSX with English headers and nothing personal', async () => {
    const res = await fetch(apiUrl('/v1/staff/cases/export?format=xlsx&lang=en&status=ROUTED'), {
      headers: as('karesi.staff'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getCell('A1').value).toBe('Tracking number');
    const cells: string[] = [];
    sheet.eachRow((row) => {
      for (const value of Array.isArray(row.values) ? row.values : []) cells.push(String(value ?? ''));
    });
    const all = cells.join('\n');
    for (const no of karesiTrackingNos) expect(all).toContain(dashed(no));
    expect(all).not.toContain(dashed(altieylulTrackingNo));
    for (const secret of PII) expect(all).not.toContain(secret);
    expect(sheet.getCell('B2').value).toBeInstanceOf(Date);
  });

  it("refuses another district's cases with a 403 problem", async () => {
    const res = await getJson(
      '/v1/staff/cases/export?format=csv&tenantId=balikesir-altieylul',
      as('karesi.staff'),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lets the metro coordinator export a district', async () => {
    const res = await text(
      `/v1/staff/cases/export?format=csv&tenantId=balikesir-altieylul&from=${today}&to=${today}`,
      as('metro.coordinator'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain(dashed(altieylulTrackingNo));
    expect(res.body).not.toContain(dashed(karesiTrackingNos[0] ?? ''));
  });

  it('answers a bad format, a one-sided or a too-long range with a 400 problem in the caller language', async () => {
    for (const query of [
      'format=pdf',
      `format=csv&from=${today}`,
      'format=csv&from=2025-01-01&to=2026-01-02',
    ]) {
      const res = await getJson(`/v1/staff/cases/export?${query}`, {
        ...as('karesi.staff'),
        'accept-language': 'en',
      });
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.json.title).toBeTypeOf('string');
    }
    const tr = await getJson(
      '/v1/staff/cases/export?format=csv&from=2025-01-01&to=2026-01-02',
      as('karesi.staff'),
    );
    expect(JSON.stringify(tr.json)).toContain('366');
  });

  it('needs a signed-in user', async () => {
    expect((await getJson('/v1/staff/cases/export?format=csv')).status).toBe(401);
  });

  it('audits who exported which filter and how many rows', async () => {
    const userId = String((await getJson('/v1/staff/me', as('karesi.staff'))).json.userId);
    const trail = await getJson(`/v1/staff/audit?userId=${userId}`, as('karesi.admin'));
    expect(trail.status).toBe(200);
    const exports = (trail.json.items as { action: string; details?: Record<string, unknown> }[]).filter(
      (r) => r.action === 'cases.export',
    );
    expect(exports.length).toBeGreaterThanOrEqual(2);
    expect(exports.some((r) => r.details?.format === 'xlsx')).toBe(true);
    expect(exports[0]?.details).toMatchObject({ filter: { tenantId: 'balikesir-karesi' } });
    expect(typeof exports[0]?.details?.rows).toBe('number');
  });
});

describe('dashboard table export', () => {
  it('writes a dashboard table with localized headers', async () => {
    const res = await text(
      `/v1/staff/analytics/export?table=byStatus&format=csv&from=${today}&to=${today}&lang=en`,
      as('karesi.manager'),
    );
    expect(res.status).toBe(200);
    expect(res.body.split('\r\n')[0]).toBe('Status code;Status;Count');
    expect(res.headers.get('content-disposition')).toContain(`kent-masasi-durumlar-${today}_${today}.csv`);
  });

  it('refuses an unknown table or format', async () => {
    for (const query of ['table=secrets&format=csv', 'table=trend&format=pdf']) {
      const res = await getJson(
        `/v1/staff/analytics/export?${query}&from=${today}&to=${today}`,
        as('karesi.manager'),
      );
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('open data', () => {
  it('publishes GeoJSON points on the 0.001° grid and nothing personal', async () => {
    const res = await getJson(`/v1/public/open-data/cases.geojson?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const features = res.json.features as {
      geometry: { type: 'Point'; coordinates: [number, number] } | null;
      properties: Record<string, unknown>;
    }[];
    const points = features.flatMap((f) => (f.geometry ? [f.geometry.coordinates] : []));
    expect(points.length).toBeGreaterThanOrEqual(karesiPoints.length);
    for (const [lon, lat] of points) {
      expect(Math.round(lon * 1000) / 1000).toBe(lon);
      expect(Math.round(lat * 1000) / 1000).toBe(lat);
    }
    for (const p of karesiPoints)
      expect(points.some(([lon, lat]) => lon === p.lon && lat === p.lat)).toBe(false);
    const all = JSON.stringify(res.json);
    for (const secret of PII) expect(all).not.toContain(secret);
    for (const no of [...karesiTrackingNos, altieylulTrackingNo]) expect(all).not.toContain(no);
    expect(features.some((f) => f.properties.neighbourhood === 'Dumlupınar')).toBe(true);
  });

  it('publishes CSV and the Open311 feed without personal data', async () => {
    const csv = await text(`/v1/public/open-data/cases.csv?from=${today}&to=${today}`);
    expect(csv.status).toBe(200);
    expect(csv.body.split('\r\n')[0]).toMatch(/^id,requested_at,updated_at,closed_at,status,/);
    const feed = await getJson(`/v1/public/open-data/open311-requests.json?from=${today}&to=${today}`, {
      'accept-language': 'en',
    });
    expect(feed.status).toBe(200);
    const requests = feed.json as unknown as Record<string, unknown>[];
    expect(Array.isArray(requests)).toBe(true);
    const pothole = requests.find((r) => r.service_code === 'ROAD-POTHOLE-LOCAL');
    expect(pothole?.description).toBe(pothole?.service_name);
    expect(pothole).not.toHaveProperty('address');
    for (const body of [csv.body, JSON.stringify(requests)]) {
      for (const secret of PII) expect(body).not.toContain(secret);
      for (const no of karesiTrackingNos) expect(body).not.toContain(no);
    }
  });

  it('refuses more than 31 days with a 400 problem', async () => {
    const res = await getJson('/v1/public/open-data/cases.csv?from=2026-10-01&to=2026-11-15', {
      'accept-language': 'en',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(res.json)).toContain('31 days');
  });
});
