import { describe, expect, it } from 'vitest';
import { demoCityConfiguration } from './demo-city.ts';
import { mapAreas, roundGeometry } from './map-geometry.ts';

describe('map areas', () => {
  it('draws every Balıkesir district from its configured boundary, keyed by tenant id', () => {
    const config = demoCityConfiguration('balikesir');
    const areas = mapAreas('balikesir', config, 'district');
    const districts = config.tenants.filter((t) => t.type === 'district');
    expect(areas.features).toHaveLength(districts.length);
    expect(areas.approximate).toBe(true);
    const karesi = areas.features.find((f) => f.id === 'balikesir-karesi');
    expect(karesi?.properties).toEqual({
      areaId: 'balikesir-karesi',
      name: 'Karesi',
      districtTenantId: 'balikesir-karesi',
    });
  });

  it('draws the generated neighbourhoods with the contract area id', () => {
    const config = demoCityConfiguration('balikesir');
    const areas = mapAreas('balikesir', config, 'neighbourhood');
    expect(areas.features.length).toBe(config.neighbourhoods.filter((n) => n.centroid).length);
    const f = areas.features.find((x) => x.id === 'balikesir-karesi:Dumlupınar');
    expect(f?.properties).toEqual({
      areaId: 'balikesir-karesi:Dumlupınar',
      name: 'Dumlupınar',
      districtTenantId: 'balikesir-karesi',
    });
  });

  it('drops a neighbourhood the configuration no longer lists, and has none for a city without a file', () => {
    const config = demoCityConfiguration('balikesir');
    const without = {
      ...config,
      neighbourhoods: config.neighbourhoods.filter((n) => n.name !== 'Dumlupınar'),
    };
    const ids = mapAreas('balikesir', without, 'neighbourhood').features.map((f) => f.id);
    expect(ids).not.toContain('balikesir-karesi:Dumlupınar');
    expect(mapAreas('elsewhere', config, 'neighbourhood').features).toEqual([]);
  });

  it('serves Örnekkent districts and neighbourhoods too', () => {
    const config = demoCityConfiguration('ornekkent');
    expect(mapAreas('ornekkent', config, 'district').features.length).toBeGreaterThan(0);
    expect(mapAreas('ornekkent', config, 'neighbourhood').features.length).toBe(4);
  });

  it('rounds coordinates to 5 decimals', () => {
    expect(
      roundGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [27.123456789, 39.987654321],
            [27.2, 39.9],
            [27.3, 39.95],
            [27.123456789, 39.987654321],
          ],
        ],
      }).coordinates[0]?.[0],
    ).toEqual([27.12346, 39.98765]);
  });
});
