import { describe, expect, it } from 'vitest';
import type { CityCatalog, DistrictBoundary } from './catalog.ts';
import { demoCityBoundaries, demoCityCatalog } from './demo-city.ts';
import { createDistrictLocator } from './district-locator.ts';
import { type Position, pointInArea } from './geo.ts';

const catalog = demoCityCatalog();
const boundaries = demoCityBoundaries();
const locate = createDistrictLocator(catalog, boundaries);
const districts = catalog.tenants.filter((t) => t.type === 'district');
const tenant = (id: string) => {
  const t = catalog.tenants.find((x) => x.id === id);
  if (!t) throw new Error(id);
  return t;
};
const neighbourhood = (name: string) => {
  const n = catalog.neighbourhoods.find((x) => x.name === name);
  if (!n?.centroid) throw new Error(name);
  return { ...n, centroid: n.centroid };
};

describe('the demo city boundaries', () => {
  it('cover every district exactly once, approximate', () => {
    expect(boundaries.map((b) => b.districtTenantId).sort()).toEqual(districts.map((d) => d.id).sort());
    expect(boundaries.every((b) => b.approximate)).toBe(true);
  });

  it('do not overlap: a grid over the province falls in at most one district', () => {
    let covered = 0;
    for (let lat = 39.0; lat <= 40.7; lat += 0.037) {
      for (let lon = 26.55; lon <= 29.1; lon += 0.041) {
        const holders = boundaries.filter((b) => pointInArea({ lat, lon }, b.geometry) === 'inside');
        expect(holders.length, `${lat},${lon}`).toBeLessThanOrEqual(1);
        covered += holders.length;
      }
    }
    // The province is about half of its bounding box.
    expect(covered).toBeGreaterThan(1000);
  });
});

describe('locating by point in polygon', () => {
  /**
   * The generated boundaries use every seat and every neighbourhood centroid as a
   * site, so each lands in its own district. Official boundaries may not agree
   * with the hand-placed centroids; list such points here, with a reason.
   */
  const KNOWN_EXCEPTIONS: string[] = [];

  it('places every district seat in its own district', () => {
    const wrong = districts
      .filter((t) => locate(t.seat)?.districtTenantId !== t.id)
      .map((t) => `${t.shortName} seat`);
    expect(wrong).toEqual(KNOWN_EXCEPTIONS);
    for (const t of districts) expect(locate(t.seat)?.method).toBe('district-polygon');
  });

  it('places every neighbourhood centroid in its own district and recognises the neighbourhood', () => {
    const wrong: string[] = [];
    for (const n of catalog.neighbourhoods.filter((x) => x.centroid)) {
      const m = locate(n.centroid);
      if (m?.districtTenantId !== n.districtTenantId) wrong.push(`${n.name} centroid`);
      expect(m?.neighbourhood).toEqual({ name: n.name, kind: n.kind, matchedBy: 'nearest-centroid' });
    }
    expect(wrong).toEqual(KNOWN_EXCEPTIONS);
  });

  it('places the territory centroids in their districts', () => {
    for (const [id, point] of catalog.districtCentroids) expect(locate(point)?.districtTenantId).toBe(id);
  });

  it('separates the two central districts whose seats are 2 km apart', () => {
    expect(locate({ lat: 39.657, lon: 27.885 })?.districtTenantId).toBe('balikesir-karesi');
    expect(locate({ lat: 39.632, lon: 27.89 })?.districtTenantId).toBe('balikesir-altieylul');
  });

  it('guesses no neighbourhood far from every known centroid', () => {
    const m = locate(tenant('balikesir-dursunbey').seat);
    expect(m).toEqual({ districtTenantId: 'balikesir-dursunbey', method: 'district-polygon' });
  });
});

describe('refining by the neighbourhood name', () => {
  it('names the neighbourhood when the name is unique within the located district', () => {
    const hisarici = neighbourhood('Hisariçi');
    expect(locate(hisarici.centroid, 'HİSARİÇİ')).toEqual({
      districtTenantId: 'balikesir-karesi',
      method: 'district-polygon',
      neighbourhood: { name: 'Hisariçi', kind: 'urban', matchedBy: 'name' },
    });
    // Typed without Turkish letters, in capitals.
    expect(locate(hisarici.centroid, 'HISARICI')?.neighbourhood?.matchedBy).toBe('name');
  });

  it('lets a named neighbourhood just across the approximate border win over the polygon', () => {
    // In Karesi's polygon, a few hundred metres from Altıeylül's.
    const m = locate({ lat: 39.6505, lon: 27.889 }, 'Gümüşçeşme');
    expect(m).toEqual({
      districtTenantId: 'balikesir-altieylul',
      method: 'neighbourhood-name-at-boundary',
      neighbourhood: { name: 'Gümüşçeşme', kind: 'urban', matchedBy: 'name' },
    });
  });

  it('keeps the polygon and reports a conflict when the named neighbourhood is far away', () => {
    const m = locate(tenant('balikesir-ayvalik').seat, 'Hisariçi');
    expect(m).toMatchObject({
      districtTenantId: 'balikesir-ayvalik',
      method: 'district-polygon',
      conflict: { neighbourhood: 'Hisariçi', districtTenantId: 'balikesir-karesi' },
    });
    expect(m?.conflict?.distanceMetres).toBeGreaterThan(50_000);
    expect(m?.neighbourhood).toBeUndefined();
  });

  it('ignores a name shared by two districts and falls back to the point', () => {
    const shared: CityCatalog = {
      ...catalog,
      neighbourhoods: [
        ...catalog.neighbourhoods,
        { name: 'Hisariçi', districtTenantId: 'balikesir-ayvalik', kind: 'urban' },
      ],
    };
    const l = createDistrictLocator(shared, boundaries);
    expect(l(undefined, 'Hisariçi')).toBeUndefined();
    const m = l(neighbourhood('Hisariçi').centroid, 'Hisariçi');
    expect(m?.districtTenantId).toBe('balikesir-karesi');
    expect(m?.neighbourhood?.matchedBy).toBe('name'); // unique within Karesi
  });

  it('uses a name unique in the city when there is no point', () => {
    expect(locate(undefined, 'gumuscesme')).toEqual({
      districtTenantId: 'balikesir-altieylul',
      method: 'neighbourhood-name',
      neighbourhood: { name: 'Gümüşçeşme', kind: 'urban', matchedBy: 'name' },
    });
    expect(locate(undefined, 'Nowhere')).toBeUndefined();
    expect(locate(undefined)).toBeUndefined();
  });
});

describe('the nearest-seat fallback', () => {
  const offAyvalik = { lat: 39.25, lon: 26.6 }; // at sea, west of Ayvalık

  it('applies only to a point outside every polygon', () => {
    expect(boundaries.some((b) => pointInArea(offAyvalik, b.geometry) !== 'outside')).toBe(false);
    expect(locate(offAyvalik)).toEqual({
      districtTenantId: 'balikesir-ayvalik',
      method: 'nearest-district-seat',
    });
  });

  it('gives way to a neighbourhood name unique in the city', () => {
    expect(locate(offAyvalik, 'Maltepe')?.method).toBe('neighbourhood-name');
  });

  it('finds nothing far outside the city', () => {
    expect(locate({ lat: 41.0082, lon: 28.9784 })).toBeUndefined(); // İstanbul
    expect(locate({ lat: 41.0082, lon: 28.9784 }, 'Nowhere')).toBeUndefined();
  });
});

describe('with other boundaries', () => {
  // Two unit squares side by side; "east" has a hole and an island.
  const sq = (x: number, y: number, size = 1): Position[] => [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ];
  const synthetic: DistrictBoundary[] = [
    {
      districtTenantId: 'balikesir-karesi',
      approximate: false,
      geometry: { type: 'MultiPolygon', coordinates: [[sq(28, 39), sq(28.2, 39.2, 0.2)], [sq(30, 39, 0.1)]] },
    },
    {
      districtTenantId: 'balikesir-altieylul',
      approximate: false,
      geometry: { type: 'Polygon', coordinates: [sq(27, 39)] },
    },
  ];
  const l = createDistrictLocator(catalog, synthetic, { maxSeatDistanceMetres: 1 });

  it('decides a point on a shared border the same way every time (first district by id)', () => {
    expect(l({ lat: 39.5, lon: 28 })?.districtTenantId).toBe('balikesir-altieylul');
  });

  it('honours holes and island parts', () => {
    expect(l({ lat: 39.3, lon: 28.3 })).toBeUndefined(); // in the hole, far from any seat
    expect(l({ lat: 39.05, lon: 30.05 })?.districtTenantId).toBe('balikesir-karesi');
  });
});
