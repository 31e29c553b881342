import { readFileSync } from 'node:fs';
import { parseCityCatalog, pointInArea } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import {
  DEMO_BOUNDARIES_FILE,
  DEMO_OUTLINE_FILE,
  generateDemoCityBoundaries,
  generateDistrictBoundaries,
} from './generate-district-boundaries.ts';
import { partitionByNearestSite, signedArea2, triangulate, type Vec } from './lib/planar-partition.ts';

const readJson = (file: URL): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('generated district boundaries', () => {
  it('are up to date with their inputs (regenerate with npx tsx scripts/generate-district-boundaries.ts)', () => {
    expect(readJson(DEMO_BOUNDARIES_FILE)).toEqual(JSON.parse(JSON.stringify(generateDemoCityBoundaries())));
  });

  it('tile the province outline: every outline point inside falls in exactly one district', () => {
    const outline = readJson(DEMO_OUTLINE_FILE) as { geometry: Parameters<typeof pointInArea>[1] };
    const { features } = generateDemoCityBoundaries();
    let inside = 0;
    for (let lat = 39.0; lat <= 40.7; lat += 0.043) {
      for (let lon = 26.55; lon <= 29.1; lon += 0.047) {
        const p = { lat, lon };
        const holders = features.filter((f) => pointInArea(p, f.geometry) === 'inside').length;
        if (pointInArea(p, outline.geometry) === 'inside') {
          inside++;
          expect(holders, `${lat},${lon}`).toBe(1);
        } else expect(holders, `${lat},${lon}`).toBe(0);
      }
    }
    expect(inside).toBeGreaterThan(800);
  });

  it('refuses a site outside the outline', () => {
    const catalog = parseCityCatalog(
      readJson(new URL('../packages/domain/catalog/work-types.json', import.meta.url)),
      readJson(new URL('../packages/domain/catalog/balikesir.json', import.meta.url)),
    );
    const tiny = {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [27.8, 39.6],
            [28, 39.6],
            [28, 39.7],
            [27.8, 39.6],
          ],
        ],
      },
    };
    expect(() => generateDistrictBoundaries(catalog, tiny)).toThrow(/outside the province outline/);
  });
});

describe('planar partition', () => {
  const square = [
    [0, 0],
    [4, 0],
    [4, 4],
    [0, 4],
  ] as const;

  it('triangulates a concave ring into triangles of the same total area', () => {
    const l = [
      [0, 0],
      [4, 0],
      [4, 1],
      [1, 1],
      [1, 4],
      [0, 4],
    ] as const;
    const triangles = triangulate(l.map((p) => [p[0], p[1]] as const));
    expect(triangles).toHaveLength(4);
    const total = triangles.reduce((s, t) => s + signedArea2(t), 0);
    expect(total).toBeCloseTo(signedArea2(l.map((p) => [p[0], p[1]] as const)));
  });

  it('dissolves the cells of one label into one polygon and keeps the labels apart', () => {
    const parts = partitionByNearestSite(
      [[square.map((p) => [p[0], p[1]] as const)]],
      [
        { at: [1, 1], label: 'a' },
        { at: [1, 3], label: 'a' },
        { at: [3, 1], label: 'b' },
        { at: [3, 3], label: 'b' },
      ],
    );
    expect([...parts.keys()]).toEqual(['a', 'b']);
    const a = parts.get('a') ?? [];
    const b = parts.get('b') ?? [];
    expect(a).toHaveLength(1);
    expect(a[0]).toHaveLength(1); // no hole
    expect(signedArea2(a[0]?.[0] ?? []) / 2).toBeCloseTo(8);
    expect(signedArea2(b[0]?.[0] ?? []) / 2).toBeCloseTo(8);
    // The bisector x = 2 is all that remains between them: four corners each.
    expect(a[0]?.[0]).toHaveLength(4);
  });

  it('leaves an enclave as a hole of the surrounding label', () => {
    const ring: Vec[] = [
      [0, 0],
      [6, 0],
      [6, 6],
      [0, 6],
    ];
    const around = [
      [1, 1],
      [3, 1],
      [5, 1],
      [5, 3],
      [5, 5],
      [3, 5],
      [1, 5],
      [1, 3],
    ].map(([x, y]) => ({ at: [x ?? 0, y ?? 0] as const, label: 'outer' }));
    const parts = partitionByNearestSite([[ring]], [...around, { at: [3, 3], label: 'inner' }]);
    const outer = parts.get('outer') ?? [];
    expect(outer).toHaveLength(1);
    expect(outer[0]).toHaveLength(2); // outer ring and the enclave's hole
    expect(signedArea2(outer[0]?.[1] ?? [])).toBeLessThan(0);
    const total = [...parts.values()]
      .flat()
      .flat()
      .reduce((s, r) => s + signedArea2(r) / 2, 0);
    expect(total).toBeCloseTo(36);
  });
});
