import { describe, expect, it } from 'vitest';
import { type AreaGeometry, distanceToAreaMetres, type Position, pointInArea, pointInRing } from './geo.ts';

const at = (lon: number, lat: number) => ({ lon, lat });
/** A 1°×1° square with its south-west corner at (10, 40), closed as GeoJSON writes it. */
const square: Position[] = [
  [10, 40],
  [11, 40],
  [11, 41],
  [10, 41],
  [10, 40],
];
/** A "U": concave, open at the top between x = 10.3 and 10.7 down to y = 40.5. */
const u: Position[] = [
  [10, 40],
  [11, 40],
  [11, 41],
  [10.7, 41],
  [10.7, 40.5],
  [10.3, 40.5],
  [10.3, 41],
  [10, 41],
];

describe('point in ring', () => {
  it('tells inside from outside', () => {
    expect(pointInRing(at(10.5, 40.5), square)).toBe('inside');
    expect(pointInRing(at(9.9, 40.5), square)).toBe('outside');
    expect(pointInRing(at(10.5, 41.2), square)).toBe('outside');
  });

  it('reports points on an edge or a vertex as boundary, not as lost', () => {
    expect(pointInRing(at(10.5, 40), square)).toBe('boundary');
    expect(pointInRing(at(11, 40.25), square)).toBe('boundary');
    expect(pointInRing(at(10, 40), square)).toBe('boundary');
    expect(pointInRing(at(11, 41), square)).toBe('boundary');
    // About 1 cm off the edge still counts as on it; 10 m off does not.
    expect(pointInRing(at(10.5, 40 + 5e-8), square)).toBe('boundary');
    expect(pointInRing(at(10.5, 40 - 1e-4), square)).toBe('outside');
  });

  it('handles concave rings, with or without the repeated closing position', () => {
    expect(pointInRing(at(10.5, 40.8), u)).toBe('outside'); // in the notch
    expect(pointInRing(at(10.5, 40.2), u)).toBe('inside');
    expect(pointInRing(at(10.15, 40.9), u)).toBe('inside'); // left arm
    expect(pointInRing(at(10.85, 40.9), u)).toBe('inside'); // right arm
    expect(pointInRing(at(10.5, 40.5), u)).toBe('boundary'); // bottom of the notch
    expect(pointInRing(at(10.5, 40.5), [...u, u[0] as Position])).toBe('boundary');
  });

  it('is not fooled by a ray through a vertex', () => {
    const diamond: Position[] = [
      [10.5, 40],
      [11, 40.5],
      [10.5, 41],
      [10, 40.5],
    ];
    expect(pointInRing(at(10.2, 40.5), diamond)).toBe('inside');
    expect(pointInRing(at(9.5, 40.5), diamond)).toBe('outside');
    expect(pointInRing(at(10.5, 40.5), diamond)).toBe('inside');
  });
});

describe('point in area', () => {
  const withHole: AreaGeometry = {
    type: 'Polygon',
    coordinates: [
      square,
      [
        [10.4, 40.4],
        [10.4, 40.6],
        [10.6, 40.6],
        [10.6, 40.4],
        [10.4, 40.4],
      ],
    ],
  };
  const islands: AreaGeometry = {
    type: 'MultiPolygon',
    coordinates: [
      [square],
      [
        [
          [12, 40],
          [12.5, 40],
          [12.5, 40.5],
          [12, 40],
        ],
      ],
    ],
  };

  it('excludes holes but keeps their edges', () => {
    expect(pointInArea(at(10.5, 40.5), withHole)).toBe('outside');
    expect(pointInArea(at(10.2, 40.5), withHole)).toBe('inside');
    expect(pointInArea(at(10.4, 40.5), withHole)).toBe('boundary');
  });

  it('finds points in any part of a MultiPolygon', () => {
    expect(pointInArea(at(12.4, 40.1), islands)).toBe('inside');
    expect(pointInArea(at(10.5, 40.5), islands)).toBe('inside');
    expect(pointInArea(at(11.5, 40.1), islands)).toBe('outside');
  });

  it('measures the distance to an area in metres, 0 inside', () => {
    expect(distanceToAreaMetres(at(10.5, 40.5), islands)).toBe(0);
    // One degree of latitude is about 111.2 km.
    expect(distanceToAreaMetres(at(10.5, 42), { type: 'Polygon', coordinates: [square] })).toBeCloseTo(
      111_195,
      -2,
    );
    // Inside the hole: the distance to the hole's edge.
    expect(distanceToAreaMetres(at(10.5, 40.5), withHole)).toBeCloseTo(
      0.1 * 111_195 * Math.cos((40.5 * Math.PI) / 180),
      -2,
    );
  });
});
