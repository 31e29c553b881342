import { readFileSync } from 'node:fs';
import { parseCityConfiguration, pointInArea } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import {
  cityFile,
  DEMO_CITIES,
  generateDemoCityNeighbourhoods,
  generateNeighbourhoodGeometry,
  neighbourhoodGeometryFile,
  REACH_METRES,
} from './generate-neighbourhood-geometry.ts';

const readJson = (file: URL): unknown => JSON.parse(readFileSync(file, 'utf8'));
const config = (cityId: string) => parseCityConfiguration(readJson(cityFile(cityId)));

describe('generated neighbourhood geometry', () => {
  it.each(DEMO_CITIES)(
    '%s: the committed file is up to date (regenerate with npm run geo:neighbourhoods)',
    (cityId) => {
      expect(readJson(neighbourhoodGeometryFile(cityId))).toEqual(
        JSON.parse(JSON.stringify(generateDemoCityNeighbourhoods(cityId))),
      );
    },
  );

  it('gives every Balıkesir neighbourhood with a centroid one polygon that holds its centroid', () => {
    const city = config('balikesir');
    const { features } = generateNeighbourhoodGeometry(city);
    const withCentroid = city.neighbourhoods.filter((n) => n.centroid);
    expect(features.map((f) => f.id).sort()).toEqual(
      withCentroid.map((n) => `${n.districtTenantId}:${n.name}`).sort(),
    );
    for (const n of withCentroid) {
      const f = features.find((x) => x.id === `${n.districtTenantId}:${n.name}`);
      expect(f?.properties).toMatchObject({
        name: n.name,
        districtTenantId: n.districtTenantId,
        approximate: true,
      });
      expect(pointInArea(n.centroid ?? { lat: 0, lon: 0 }, f?.geometry as never), n.name).toBe('inside');
    }
  });

  it('keeps neighbourhoods apart, inside their district and within their reach', () => {
    const city = config('balikesir');
    const { features } = generateNeighbourhoodGeometry(city);
    const districts = new Map(city.tenants.map((t) => [t.id, t]));
    // A grid over the city centre and its surroundings (about 300 m spacing).
    for (let lat = 39.56; lat <= 39.7; lat += 0.0027) {
      for (let lon = 27.68; lon <= 28.08; lon += 0.0035) {
        const p = { lat, lon };
        const holders = features.filter((f) => pointInArea(p, f.geometry as never) === 'inside');
        expect(holders.length, `${lat},${lon}`).toBeLessThanOrEqual(1);
        const holder = holders[0];
        if (!holder) continue;
        const district = districts.get(holder.properties.districtTenantId);
        expect(pointInArea(p, district?.boundary as never), `${lat},${lon}`).not.toBe('outside');
        const n = city.neighbourhoods.find(
          (x) =>
            x.districtTenantId === holder.properties.districtTenantId && x.name === holder.properties.name,
        );
        const c = n?.centroid ?? { lat: 0, lon: 0 };
        const metres = Math.hypot(
          (lat - c.lat) * 111_320,
          (lon - c.lon) * 111_320 * Math.cos((lat * Math.PI) / 180),
        );
        expect(metres, `${holder.id} at ${lat},${lon}`).toBeLessThanOrEqual(
          REACH_METRES[n?.kind ?? 'rural'] + 10,
        );
      }
    }
  });

  it('skips districts without a boundary and neighbourhoods without a centroid', () => {
    const city = config('ornekkent');
    const trimmed = {
      ...city,
      tenants: city.tenants.map((t) => (t.id === 'ornekkent-kuzey' ? { ...t, boundary: undefined } : t)),
      neighbourhoods: city.neighbourhoods.map((n, i) =>
        i === city.neighbourhoods.length - 1 ? { ...n, centroid: undefined } : n,
      ),
    };
    const ids = generateNeighbourhoodGeometry(trimmed).features.map((f) => f.id);
    expect(ids.some((id) => id.startsWith('ornekkent-kuzey:'))).toBe(false);
    const last = city.neighbourhoods.at(-1);
    expect(ids).not.toContain(`${last?.districtTenantId}:${last?.name}`);
  });
});
