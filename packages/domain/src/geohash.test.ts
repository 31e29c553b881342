import { describe, expect, it } from 'vitest';
import { distanceMetres } from './geo.ts';
import { decodeGeohashBounds, encodeGeohash, geohashCellsWithin, geohashNeighbours } from './geohash.ts';

const BALIKESIR = { lat: 39.6484, lon: 27.8826 };

describe('geohash', () => {
  it('encodes the textbook example', () => {
    expect(encodeGeohash({ lat: 57.64911, lon: 10.40744 }, 11)).toBe('u4pruydqqvj');
  });

  it('decodes a cell to the box its points encode into', () => {
    const cell = encodeGeohash(BALIKESIR, 5);
    const box = decodeGeohashBounds(cell);
    expect(BALIKESIR.lat).toBeGreaterThanOrEqual(box.latMin);
    expect(BALIKESIR.lat).toBeLessThanOrEqual(box.latMax);
    expect(BALIKESIR.lon).toBeGreaterThanOrEqual(box.lonMin);
    expect(BALIKESIR.lon).toBeLessThanOrEqual(box.lonMax);
    expect(encodeGeohash({ lat: box.latMin + 1e-9, lon: box.lonMin + 1e-9 }, 5)).toBe(cell);
    expect(() => decodeGeohashBounds('a')).toThrow(/not a geohash/);
  });

  it('names the eight neighbours of a cell (known values)', () => {
    // The cell, then N, NE, E, SE, S, SW, W, NW: read off the base-32 layout (u: g to its west, e south-west).
    expect(geohashNeighbours('u4pru')).toEqual([
      'u4pru',
      'u4r2h',
      'u4r2j',
      'u4prv',
      'u4prt',
      'u4prs',
      'u4pre',
      'u4prg',
      'u4r25',
    ]);
  });

  it('finds neighbours across a parent-cell border and wraps at the antimeridian', () => {
    const cells = geohashNeighbours('sx'); // a precision-2 cell next to others of a different first letter
    expect(cells).toHaveLength(9);
    expect(new Set(cells).size).toBe(9);
    const east = geohashNeighbours(encodeGeohash({ lat: 0.1, lon: 179.99 }, 3));
    expect(east.some((c) => decodeGeohashBounds(c).lonMin < -179)).toBe(true);
    const pole = geohashNeighbours(encodeGeohash({ lat: 89.99, lon: 0 }, 2));
    expect(pole).toHaveLength(6);
  });

  it('keeps only the neighbour cells a circle reaches', () => {
    const cell = encodeGeohash(BALIKESIR, 5);
    const box = decodeGeohashBounds(cell);
    const centre = { lat: (box.latMin + box.latMax) / 2, lon: (box.lonMin + box.lonMax) / 2 };
    // 100 m around the centre of a ~3.4 km × 4.9 km cell stays inside it.
    expect(geohashCellsWithin(centre, 100)).toEqual([cell]);
    // Near the north-east corner the circle reaches N, NE and E as well.
    const corner = { lat: box.latMax - 0.0002, lon: box.lonMax - 0.0002 };
    const reached = geohashCellsWithin(corner, 200);
    expect(reached).toHaveLength(4);
    expect(reached[0]).toBe(cell);
  });

  it('covers every point within the radius (property check on a grid)', () => {
    const radius = 2000;
    const cells = new Set(geohashCellsWithin(BALIKESIR, radius));
    for (let dy = -1; dy <= 1; dy += 0.1) {
      for (let dx = -1; dx <= 1; dx += 0.1) {
        const p = { lat: BALIKESIR.lat + dy * 0.018, lon: BALIKESIR.lon + dx * 0.024 };
        if (distanceMetres(BALIKESIR, p) <= radius) expect(cells.has(encodeGeohash(p, 5))).toBe(true);
      }
    }
  });
});
