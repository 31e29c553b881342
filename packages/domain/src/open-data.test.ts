import { describe, expect, it } from 'vitest';
import type { Case } from './case.ts';
import {
  OPEN_DATA_MIN_AREA_CASES,
  OpenDataQuery,
  openDataGeoJson,
  openDataOpen311Requests,
  openDataRecords,
  openDataTable,
  openDataWindow,
  snapToGrid,
  truncateToHour,
} from './open-data.ts';

function aCase(n: number, overrides: Partial<Case> = {}): Case {
  return {
    id: `01JCASE${String(n).padStart(19, '0')}`,
    cityId: 'balikesir',
    trackingNo: '482739150266',
    status: 'ROUTED',
    workTypeCode: 'ROAD-POTHOLE-LOCAL',
    catalogVersion: '1',
    kind: 'complaint',
    priority: 'normal',
    channel: 'web',
    description: 'Ayşe Yılmaz, 0532 765 43 21, ayse@example.com: kapımın önünde çukur var',
    location: {
      lat: 39.648_76,
      lon: 27.882_49,
      address: 'Atatürk Cad. No: 12 Daire 3',
      neighbourhood: 'Dumlupınar',
      districtTenantId: 'karesi',
    },
    contact: { name: 'Ayşe Yılmaz', phone: '+905327654321', email: 'ayse@example.com' },
    attachments: [],
    consent: { accepted: true, noticeVersion: '2026-11' },
    ownerTenantId: 'karesi',
    ownerDepartmentCode: 'FEN',
    createdAt: '2026-12-03T10:47:13.123Z',
    updatedAt: '2026-12-04T08:01:00.000Z',
    slaDueAt: '2026-12-06T10:47:13.123Z',
    version: 2,
    ...overrides,
  } as Case;
}

const lookup = {
  workType: () => ({ name: { tr: 'Yol çukuru', en: 'Pothole' }, group: 'ROAD' }),
  tenantName: (id: string) => ({ karesi: 'Karesi', altieylul: 'Altıeylül' })[id],
};
const idOf = (c: Case) => `pub-${c.id.slice(-4)}`;
const crowd = (count: number, overrides: Partial<Case> = {}) =>
  Array.from({ length: count }, (_, i) => aCase(i, overrides));

describe('open data', () => {
  it('snaps points to the nearest node of the 0.001° grid (about 111 m × 85 m here)', () => {
    expect(snapToGrid(39.648_76)).toBe(39.649);
    expect(snapToGrid(27.882_49)).toBe(27.882);
    expect(snapToGrid(-0.000_4)).toBe(0);
    for (const v of [39.1234567, 27.9999, 40.0005]) {
      expect(Math.abs(snapToGrid(v) - v)).toBeLessThanOrEqual(0.0005 + 1e-12);
      expect(snapToGrid(v).toString()).toMatch(/^-?\d+(\.\d{1,3})?$/);
    }
  });

  it('cuts times to the hour', () => {
    expect(truncateToHour('2026-12-03T10:47:13.123Z')).toBe('2026-12-03T10:00:00Z');
  });

  it('publishes no personal data and no tracking number', () => {
    const records = openDataRecords(crowd(OPEN_DATA_MIN_AREA_CASES), lookup, idOf);
    const text = JSON.stringify([
      records,
      openDataGeoJson(records, { from: 'a', to: 'b', truncated: false }),
    ]);
    for (const secret of [
      'Ayşe',
      'Yılmaz',
      '0532',
      '5327654321',
      'ayse@example.com',
      'Atatürk',
      '482739150266',
      '01JCASE',
    ])
      expect(text).not.toContain(secret);
    expect(records[0]).toMatchObject({
      id: 'pub-0000',
      requested_at: '2026-12-03T10:00:00Z',
      work_type_name_tr: 'Yol çukuru',
      organisation_name: 'Karesi',
      district_name: 'Karesi',
      neighbourhood: 'Dumlupınar',
      lat: 39.649,
      lon: 27.882,
      location_precision: 'grid',
    });
  });

  it('places a neighbourhood with fewer than k cases only by its district', () => {
    const few = crowd(OPEN_DATA_MIN_AREA_CASES - 1);
    const many = crowd(OPEN_DATA_MIN_AREA_CASES, {
      location: { lat: 39.6, lon: 27.9, neighbourhood: 'Paşaalanı', districtTenantId: 'karesi' },
    });
    const records = openDataRecords([...few, ...many], lookup, idOf);
    const small = records.slice(0, few.length);
    expect(small.every((r) => r.lat === null && r.lon === null && r.neighbourhood === null)).toBe(true);
    expect(small.every((r) => r.location_precision === 'district' && r.district_id === 'karesi')).toBe(true);
    expect(records.slice(few.length).every((r) => r.location_precision === 'grid')).toBe(true);
  });

  it('keeps erased cases without any location below the district', () => {
    const records = openDataRecords(
      [...crowd(OPEN_DATA_MIN_AREA_CASES), aCase(99, { anonymisedAt: '2026-12-05T00:00:00.000Z' })],
      lookup,
      idOf,
    );
    expect(records).toHaveLength(OPEN_DATA_MIN_AREA_CASES + 1);
    expect(records.at(-1)).toMatchObject({
      lat: null,
      lon: null,
      neighbourhood: null,
      location_precision: 'district',
    });
  });

  it('writes GeoJSON points as [lon, lat] and unplaced records with a null geometry', () => {
    const records = openDataRecords([...crowd(5), aCase(50, { location: undefined })], lookup, idOf);
    const geo = openDataGeoJson(records, { from: '2026-12-01', to: '2026-12-07', truncated: false });
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features[0]?.geometry).toEqual({ type: 'Point', coordinates: [27.882, 39.649] });
    expect(geo.features.at(-1)?.geometry).toBeNull();
    expect(geo.features.at(-1)?.properties.location_precision).toBe('none');
  });

  it('offers an Open311 service_requests array whose description is the work type', () => {
    const [request] = openDataOpen311Requests(openDataRecords(crowd(5), lookup, idOf), 'en');
    expect(request).toEqual({
      service_request_id: 'pub-0000',
      status: 'open',
      service_name: 'Pothole',
      service_code: 'ROAD-POTHOLE-LOCAL',
      description: 'Pothole',
      agency_responsible: 'Karesi',
      requested_datetime: '2026-12-03T10:00:00Z',
      updated_datetime: '2026-12-04T08:00:00Z',
      expected_datetime: '2026-12-06T10:00:00Z',
      lat: 39.649,
      long: 27.882,
    });
  });

  it('tables the records under their field names', () => {
    const table = openDataTable(openDataRecords(crowd(5), lookup, idOf));
    expect(table.columns.map((c) => c.header)).toContain('location_precision');
    expect(table.rows).toHaveLength(5);
  });

  it('defaults to the last 7 days and refuses more than 31', () => {
    const now = new Date('2026-12-07T22:30:00Z'); // already 8 December in Türkiye
    expect(openDataWindow({}, now)).toEqual({
      from: '2026-12-02',
      to: '2026-12-08',
      start: '2026-12-01T21:00:00.000Z',
      end: '2026-12-08T20:59:59.999Z',
    });
    expect(OpenDataQuery.safeParse({ from: '2026-11-01', to: '2026-12-01' }).success).toBe(true);
    expect(OpenDataQuery.safeParse({ from: '2026-11-01', to: '2026-12-02' }).success).toBe(false);
    expect(OpenDataQuery.safeParse({ from: '2026-12-02', to: '2026-12-01' }).success).toBe(false);
  });
});
