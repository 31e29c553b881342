import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import boundariesJson from '../catalog/balikesir-district-boundaries.json' with { type: 'json' };
import outlineJson from '../catalog/balikesir-province-outline.json' with { type: 'json' };
import {
  type BoundaryIssue,
  boundaryAreaSquareMetres,
  validateBoundary,
  validateBoundarySet,
} from './boundary-validation.ts';
import type { AreaGeometry, Position } from './geo.ts';
import { isValidationMessageKey } from './validation-messages.ts';

/** A 1°×1° city at (10…11, 40…41): big enough that every test polygon fits inside. */
const city: AreaGeometry = {
  type: 'Polygon',
  coordinates: [
    [
      [10, 40],
      [11, 40],
      [11, 41],
      [10, 41],
      [10, 40],
    ],
  ],
};

const square = (x: number, y: number, size: number): Position[] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];
const polygon = (...rings: Position[][]) => ({ type: 'Polygon', coordinates: rings });
const codes = (issues: readonly BoundaryIssue[]) => issues.map((i) => i.code);

/**
 * A random convex polygon inside the city: points on a circle at sorted random angles
 * are in convex position, and a circle of radius ≤ 0.2° around a centre at least
 * 0.25° from the edges stays inside.
 */
const convexPolygon = fc
  .record({
    cx: fc.double({ min: 10.25, max: 10.75, noNaN: true }),
    cy: fc.double({ min: 40.25, max: 40.75, noNaN: true }),
    radius: fc.double({ min: 0.01, max: 0.2, noNaN: true }),
    // Whole degrees: neighbouring vertices at least 1° apart on the circle (≥ 19 m),
    // so no three of them are collinear within floating-point noise.
    degrees: fc.uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 3, maxLength: 40 }),
    clockwise: fc.boolean(),
  })
  .filter(({ degrees }) => {
    // Three vertices within a half circle of 3° would make a sliver; keep real polygons.
    const sorted = [...degrees].sort((a, b) => a - b);
    return sorted.some(
      (d, i) => (sorted[(i + 1) % sorted.length] as number) - d + (i === sorted.length - 1 ? 360 : 0) < 180,
    );
  })
  .map(({ cx, cy, radius, degrees, clockwise }) => {
    const sorted = [...degrees].sort((a, b) => (clockwise ? b - a : a - b));
    const ring = sorted.map((d): Position => {
      const t = (d * Math.PI) / 180;
      return [cx + radius * Math.cos(t), cy + radius * Math.sin(t)];
    });
    return [...ring, ring[0] as Position];
  });

describe('boundary structure (RFC 7946)', () => {
  it('accepts a closed square, bare or as a Feature, in either winding', () => {
    const ccw = square(10.2, 40.2, 0.1);
    expect(validateBoundary(polygon(ccw), city)).toMatchObject({ ok: true, issues: [] });
    expect(validateBoundary(polygon([...ccw].reverse()), city).ok).toBe(true);
    const feature = { type: 'Feature', properties: {}, geometry: polygon(ccw) };
    expect(validateBoundary(feature, city)).toMatchObject({ ok: true, geometry: { type: 'Polygon' } });
  });

  it('rejects what is not a GeoJSON polygon', () => {
    expect(codes(validateBoundary('POLYGON((1 2))', city).issues)).toEqual(['boundary.not-geojson']);
    expect(validateBoundary({ type: 'LineString', coordinates: [] }, city).issues).toEqual([
      { code: 'boundary.geometry-type', message: 'boundary.geometry-type', path: ['type'] },
    ]);
    const inFeature = validateBoundary(
      { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] } },
      city,
    );
    expect(inFeature.issues[0]?.path).toEqual(['geometry', 'type']);
  });

  it('names the ring that is not closed, and the last position', () => {
    const open = square(10.2, 40.2, 0.1).slice(0, 4);
    open.push([10.25, 40.25]);
    const result = validateBoundary(
      { type: 'MultiPolygon', coordinates: [[square(10.5, 40.5, 0.1)], [open]] },
      city,
    );
    expect(result.issues).toEqual([
      {
        code: 'boundary.ring-not-closed',
        message: 'boundary.ring-not-closed',
        path: ['coordinates', 1, 0, 4],
        params: { polygon: 1, ring: 0, position: 4, point: [10.25, 40.25] },
      },
    ]);
  });

  it('rejects rings of fewer than four positions and flat rings', () => {
    const triangleOpen: Position[] = [
      [10.2, 40.2],
      [10.3, 40.2],
      [10.2, 40.2],
    ];
    expect(codes(validateBoundary(polygon(triangleOpen), city).issues)).toEqual(['boundary.ring-too-short']);
    // Exactly representable: the ring runs out and back along one line.
    const flat: Position[] = [
      [10.25, 40.25],
      [10.5, 40.5],
      [10.75, 40.75],
      [10.25, 40.25],
    ];
    expect(codes(validateBoundary(polygon(flat), city).issues)).toContain('boundary.self-intersection');
    // A sliver a nanodegree wide: simple, but without an area worth the name.
    const sliver: Position[] = [
      [10.2, 40.2],
      [10.3, 40.2],
      [10.4, 40.200000001],
      [10.2, 40.2],
    ];
    expect(codes(validateBoundary(polygon(sliver), city).issues)).toEqual(['boundary.ring-degenerate']);
  });

  it('reports coordinates out of range, such as latitude and longitude swapped', () => {
    const swapped = square(40.2, 100.2, 0.1).map(([a, b]): Position => [a, b]);
    const result = validateBoundary(polygon(swapped), city);
    expect(codes(result.issues)).toEqual(Array(5).fill('boundary.coordinate-range'));
    expect(result.issues[0]).toMatchObject({ path: ['coordinates', 0, 0], params: { point: [40.2, 100.2] } });
  });

  it('rejects non-numeric positions and caps the number of positions', () => {
    const bad = [...square(10.2, 40.2, 0.1)];
    bad[2] = ['10.3', 40.3] as unknown as Position;
    expect(validateBoundary(polygon(bad), city).issues[0]).toMatchObject({
      code: 'boundary.position',
      path: ['coordinates', 0, 2],
    });
    const many = validateBoundary(polygon(square(10.2, 40.2, 0.1)), city, { maxPositions: 4 });
    expect(codes(many.issues)).toEqual(['boundary.too-many-positions']);
  });
});

describe('self-intersection', () => {
  it('rejects a bow-tie and names the two crossing segments and the crossing point', () => {
    const bowTie: Position[] = [
      [10.2, 40.2],
      [10.4, 40.4],
      [10.4, 40.2],
      [10.2, 40.4],
      [10.2, 40.2],
    ];
    const result = validateBoundary(polygon(bowTie), city);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      code: 'boundary.self-intersection',
      path: ['coordinates', 0, 0],
      params: {
        ring: 0,
        segments: [
          { polygon: 0, ring: 0, segment: 0 },
          { polygon: 0, ring: 0, segment: 2 },
        ],
      },
    });
    const [x, y] = result.issues[0]?.params?.point ?? [0, 0];
    expect(x).toBeCloseTo(10.3, 9);
    expect(y).toBeCloseTo(40.3, 9);
  });

  it('property: any convex polygon with two non-adjacent vertices swapped crosses itself', () => {
    fc.assert(
      fc.property(
        convexPolygon.filter((r) => r.length >= 6),
        fc.nat(),
        (ring, seed) => {
          const n = ring.length - 1;
          // Swapping vertex i with i+2 folds the ring over itself.
          const i = seed % (n - 2);
          const open = ring.slice(0, n);
          [open[i], open[i + 2]] = [open[i + 2] as Position, open[i] as Position];
          const result = validateBoundary(polygon([...open, open[0] as Position]), city);
          expect(result.ok).toBe(false);
          expect(codes(result.issues)).toContain('boundary.self-intersection');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects a ring that touches itself at a vertex and a spike that doubles back', () => {
    // A figure eight whose two loops meet at (10.3, 40.3).
    const eight: Position[] = [
      [10.2, 40.2],
      [10.3, 40.2],
      [10.3, 40.3],
      [10.4, 40.3],
      [10.4, 40.4],
      [10.3, 40.4],
      [10.3, 40.3],
      [10.2, 40.3],
      [10.2, 40.2],
    ];
    expect(codes(validateBoundary(polygon(eight), city).issues)).toContain('boundary.self-intersection');
    const spike: Position[] = [
      [10.2, 40.2],
      [10.4, 40.2],
      [10.5, 40.2],
      [10.4, 40.2],
      [10.4, 40.4],
      [10.2, 40.2],
    ];
    expect(codes(validateBoundary(polygon(spike), city).issues)).toContain('boundary.self-intersection');
  });

  it('ignores repeated consecutive positions', () => {
    const [a, b, c, d] = square(10.2, 40.2, 0.1);
    const repeated = [a, a, b, c, c, d, a] as Position[];
    expect(validateBoundary(polygon(repeated), city).ok).toBe(true);
  });
});

describe('holes and parts', () => {
  it('accepts a hole inside its shell, touching it at one point', () => {
    const shell = square(10.2, 40.2, 0.4);
    const hole: Position[] = [
      [10.2, 40.4],
      [10.3, 40.35],
      [10.3, 40.45],
      [10.2, 40.4],
    ];
    expect(validateBoundary(polygon(shell, square(10.4, 40.3, 0.1)), city).ok).toBe(true);
    expect(validateBoundary(polygon(shell, hole), city).ok).toBe(true);
  });

  it('reports a hole outside its shell by its ring index', () => {
    const result = validateBoundary(polygon(square(10.2, 40.2, 0.1), square(10.5, 40.5, 0.1)), city);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'boundary.hole-outside-shell',
        path: ['coordinates', 1],
        params: { ring: 1, point: [10.5, 40.5] },
      }),
    ]);
  });

  it('reports a hole crossing its shell as an intersection of shell and hole', () => {
    const result = validateBoundary(polygon(square(10.2, 40.2, 0.2), square(10.3, 40.3, 0.2)), city);
    expect(codes(result.issues)).toEqual(['boundary.self-intersection', 'boundary.self-intersection']);
    expect(result.issues[0]?.params?.segments?.map((s) => s.ring)).toEqual([0, 1]);
  });

  it('reports holes inside holes', () => {
    const result = validateBoundary(
      polygon(square(10.2, 40.2, 0.5), square(10.3, 40.3, 0.3), square(10.4, 40.4, 0.1)),
      city,
    );
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'boundary.holes-overlap',
        params: { rings: [2, 1], point: [10.4, 40.4] },
      }),
    ]);
  });

  it('rejects overlapping parts of a MultiPolygon with the pair and the area, accepts touching ones', () => {
    const overlapping = {
      type: 'MultiPolygon',
      coordinates: [[square(10.2, 40.2, 0.2)], [square(10.3, 40.3, 0.2)]],
    };
    const result = validateBoundary(overlapping, city);
    expect(result.issues).toHaveLength(1);
    const issue = result.issues[0];
    expect(issue).toMatchObject({
      code: 'boundary.polygons-overlap',
      path: ['coordinates', 1],
      params: { polygons: [0, 1] },
    });
    // 0.1° × 0.1° at 40.35° N: about 11.1 km × 8.5 km.
    expect(issue?.params?.areaSquareMetres).toBeGreaterThan(90_000_000);
    expect(issue?.params?.areaSquareMetres).toBeLessThan(100_000_000);
    const touching = {
      type: 'MultiPolygon',
      coordinates: [[square(10.2, 40.2, 0.2)], [square(10.4, 40.25, 0.2)]],
    };
    expect(validateBoundary(touching, city).ok).toBe(true);
  });
});

describe('inside the city', () => {
  it('property: a random convex polygon inside the city is valid, in either winding', () => {
    fc.assert(
      fc.property(convexPolygon, (ring) => {
        const result = validateBoundary(polygon(ring), city);
        expect(result.issues).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the same polygon shifted out of the city is rejected, vertex by vertex', () => {
    fc.assert(
      fc.property(
        convexPolygon,
        fc.constantFrom<[number, number]>([1, 0], [-1, 0], [0, 1], [0, -1]),
        (ring, [dx, dy]) => {
          const shifted = ring.map(([x, y]): Position => [x + dx, y + dy]);
          const result = validateBoundary(polygon(shifted), city);
          expect(result.ok).toBe(false);
          expect(new Set(codes(result.issues))).toEqual(new Set(['boundary.outside-city']));
          for (const issue of result.issues) expect(issue.params?.distanceMetres).toBeGreaterThan(50);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('allows vertices a few metres outside the outline (drawn along it), not more', () => {
    // 0.0002° of latitude is about 22 m; 0.002° about 222 m.
    const along = square(10.5, 40.0, 0.1).map(([x, y]): Position => [x, y === 40 ? 40 - 0.0002 : y]);
    expect(validateBoundary(polygon(along), city).ok).toBe(true);
    const beyond = square(10.5, 40.0, 0.1).map(([x, y]): Position => [x, y === 40 ? 40 - 0.002 : y]);
    const result = validateBoundary(polygon(beyond), city);
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'boundary.outside-city', path: ['coordinates', 0, 0] }),
      expect.objectContaining({ code: 'boundary.outside-city', path: ['coordinates', 0, 1] }),
    ]);
    expect(result.issues[0]?.params?.distanceMetres).toBeCloseTo(222, -1);
    expect(validateBoundary(polygon(beyond), city, { outlineToleranceMetres: 500 }).ok).toBe(true);
  });
});

describe('a city set of boundaries', () => {
  const west = { tenantId: 'west', geometry: polygon(square(10, 40, 0.5)) };
  const east = { tenantId: 'east', geometry: polygon(square(10.5, 40, 0.5)) };

  it('accepts neighbours sharing a border', () => {
    expect(validateBoundarySet([west, east], city)).toMatchObject({ ok: true });
  });

  it('rejects two tenants overlapping by more than the tolerance, with the pair, the area and a point', () => {
    const greedy = { tenantId: 'greedy', geometry: polygon(square(10.45, 40, 0.5)) };
    const result = validateBoundarySet([west, greedy], city);
    expect(result.issues).toHaveLength(1);
    const issue = result.issues[0];
    expect(issue).toMatchObject({
      code: 'boundary.tenants-overlap',
      path: [1, 'geometry'],
      params: { tenantIds: ['west', 'greedy'] },
    });
    // 0.05° × 0.5° at 40.25° N: about 4.24 km × 55.6 km.
    expect(issue?.params?.areaSquareMetres).toBeGreaterThan(230_000_000);
    expect(issue?.params?.areaSquareMetres).toBeLessThan(240_000_000);
    const [x] = issue?.params?.point ?? [0];
    expect(x).toBeGreaterThan(10.45);
    expect(x).toBeLessThan(10.5);
  });

  it('tolerates slivers below the tolerance area', () => {
    // 0.00001° (about 0.85 m) over 0.5°: some 47 000 m²; the default tolerance is 10 000 m².
    const sliver = { tenantId: 'sliver', geometry: polygon(square(10.49999, 40, 0.5)) };
    expect(validateBoundarySet([west, sliver], city).ok).toBe(false);
    expect(validateBoundarySet([west, sliver], city, { overlapToleranceSquareMetres: 100_000 }).ok).toBe(
      true,
    );
  });

  it('passes on each boundary’s own issues under its index', () => {
    const open = { tenantId: 'open', geometry: polygon(square(10.2, 40.2, 0.1).slice(0, 4)) };
    const result = validateBoundarySet([west, open], city);
    expect(result.issues[0]).toMatchObject({
      code: 'boundary.ring-not-closed',
      path: [1, 'geometry', 'coordinates', 0, 3],
    });
  });

  it('property: overlap area is symmetric and never exceeds the smaller area', () => {
    fc.assert(
      fc.property(convexPolygon, convexPolygon, (a, b) => {
        const ga: AreaGeometry = { type: 'Polygon', coordinates: [a] };
        const gb: AreaGeometry = { type: 'Polygon', coordinates: [b] };
        const r1 = validateBoundarySet([{ tenantId: 'a', geometry: ga }], city);
        expect(r1.ok).toBe(true);
        const ab = validateBoundarySet(
          [
            { tenantId: 'a', geometry: ga },
            { tenantId: 'b', geometry: gb },
          ],
          city,
          { overlapToleranceSquareMetres: 0 },
        );
        const ba = validateBoundarySet(
          [
            { tenantId: 'b', geometry: gb },
            { tenantId: 'a', geometry: ga },
          ],
          city,
          { overlapToleranceSquareMetres: 0 },
        );
        const area = (r: typeof ab) => r.issues[0]?.params?.areaSquareMetres ?? 0;
        expect(Math.abs(area(ab) - area(ba))).toBeLessThanOrEqual(1);
        // Up to the cos φ weight's midpoint rule (see below) and rounding: slabs are cut
        // differently for the overlap than for each polygon alone, which moves the
        // result by parts per hundred thousand on long thin triangles (the example).
        const smaller = Math.min(boundaryAreaSquareMetres(ga), boundaryAreaSquareMetres(gb));
        expect(area(ab)).toBeLessThanOrEqual(smaller * (1 + 1e-4) + 1);
      }),
      {
        numRuns: 100,
        examples: [
          [
            [
              [10.260562705448107, 40.25],
              [10.255906589928033, 40.25875687968431],
              [10.239631361201388, 40.25201545921501],
              [10.260562705448107, 40.25],
            ],
            [
              [10.430933763071172, 40.25682406504172],
              [10.430245255477288, 40.27259348155032],
              [10.06950698248197, 40.24420276374862],
              [10.430906205982684, 40.25366633547037],
              [10.430933763071172, 40.25682406504172],
            ],
          ],
        ],
      },
    );
  });

  it('measures areas of straight-edged polygons (a square with a hole)', () => {
    const withHole: AreaGeometry = {
      type: 'Polygon',
      coordinates: [square(10, 40, 0.5), square(10.1, 40.1, 0.25)],
    };
    const outer: AreaGeometry = { type: 'Polygon', coordinates: [square(10, 40, 0.5)] };
    const hole: AreaGeometry = { type: 'Polygon', coordinates: [square(10.1, 40.1, 0.25)] };
    const expected = boundaryAreaSquareMetres(outer) - boundaryAreaSquareMetres(hole);
    // Slabs are cut differently with and without the hole; the cos φ weight's midpoint
    // rule then differs by a few parts per million.
    expect(Math.abs(boundaryAreaSquareMetres(withHole) / expected - 1)).toBeLessThan(1e-5);
  });
});

describe('the shipped demo city', () => {
  const outline = outlineJson.geometry as unknown as AreaGeometry;
  const districts = boundariesJson.features.map((f) => ({
    tenantId: f.properties.tenantId,
    geometry: f.geometry as unknown as AreaGeometry,
  }));

  it('has a valid outline', () => {
    expect(validateBoundary(outline, outline).issues).toEqual([]);
  });

  it('has 20 district boundaries that are valid, inside the outline and do not overlap', () => {
    expect(districts).toHaveLength(20);
    const result = validateBoundarySet(districts, outline);
    expect(result.issues).toEqual([]);
  });

  it('has districts that tile the outline: their areas add up to the outline’s', () => {
    const total = districts.reduce((sum, d) => sum + boundaryAreaSquareMetres(d.geometry), 0);
    // Coordinates are rounded to 5 decimals (about 1 m), so the sum may differ by slivers.
    expect(Math.abs(total / boundaryAreaSquareMetres(outline) - 1)).toBeLessThan(0.001);
  });
});

describe('messages', () => {
  it('has a Turkish and English message for every issue code', () => {
    const all: BoundaryIssue['code'][] = [
      'boundary.not-geojson',
      'boundary.geometry-type',
      'boundary.position',
      'boundary.coordinate-range',
      'boundary.too-many-positions',
      'boundary.ring-too-short',
      'boundary.ring-not-closed',
      'boundary.ring-degenerate',
      'boundary.self-intersection',
      'boundary.hole-outside-shell',
      'boundary.holes-overlap',
      'boundary.polygons-overlap',
      'boundary.outside-city',
      'boundary.tenants-overlap',
    ];
    for (const code of all) expect(isValidationMessageKey(code)).toBe(true);
  });
});
