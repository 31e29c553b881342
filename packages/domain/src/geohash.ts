import type { GeoPoint } from './tenant.ts';

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

/**
 * Standard geohash of a point. Precision 5 cells are about 4.9 km × 4.9 km, the
 * grain of the "cases near here" index; precision 7 (~150 m) suits duplicate checks.
 */
export function encodeGeohash(point: GeoPoint, precision = 5): string {
  let latMin = -90;
  let latMax = 90;
  let lonMin = -180;
  let lonMax = 180;
  let hash = '';
  let bit = 0;
  let ch = 0;
  let evenBit = true;
  while (hash.length < precision) {
    if (evenBit) {
      const mid = (lonMin + lonMax) / 2;
      if (point.lon >= mid) {
        ch = (ch << 1) | 1;
        lonMin = mid;
      } else {
        ch <<= 1;
        lonMax = mid;
      }
    } else {
      const mid = (latMin + latMax) / 2;
      if (point.lat >= mid) {
        ch = (ch << 1) | 1;
        latMin = mid;
      } else {
        ch <<= 1;
        latMax = mid;
      }
    }
    evenBit = !evenBit;
    if (++bit === 5) {
      hash += BASE32[ch];
      bit = 0;
      ch = 0;
    }
  }
  return hash;
}

/** The bounding box of a geohash cell, in degrees. */
export interface GeohashBounds {
  latMin: number;
  latMax: number;
  lonMin: number;
  lonMax: number;
}

/** The cell a geohash names (the inverse of {@link encodeGeohash}, as a box). */
export function decodeGeohashBounds(hash: string): GeohashBounds {
  const box: GeohashBounds = { latMin: -90, latMax: 90, lonMin: -180, lonMax: 180 };
  let evenBit = true;
  for (const char of hash) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error(`not a geohash: ${hash}`);
    for (let bit = 4; bit >= 0; bit--) {
      const set = ((value >> bit) & 1) === 1;
      if (evenBit) {
        const mid = (box.lonMin + box.lonMax) / 2;
        if (set) box.lonMin = mid;
        else box.lonMax = mid;
      } else {
        const mid = (box.latMin + box.latMax) / 2;
        if (set) box.latMin = mid;
        else box.latMax = mid;
      }
      evenBit = !evenBit;
    }
  }
  return box;
}

/**
 * The cell itself and its eight neighbours (N, NE, E, SE, S, SW, W, NW), each of the
 * same precision. Found by encoding the centres of the adjacent cells, which is
 * simpler than the border lookup tables and as exact: a neighbour's centre lies in
 * the neighbour. Longitude wraps at ±180°; beyond a pole there is no cell.
 */
export function geohashNeighbours(hash: string): string[] {
  const box = decodeGeohashBounds(hash);
  const dLat = box.latMax - box.latMin;
  const dLon = box.lonMax - box.lonMin;
  const centre = { lat: (box.latMin + box.latMax) / 2, lon: (box.lonMin + box.lonMax) / 2 };
  const cells: string[] = [];
  for (const [y, x] of [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [-1, 1],
    [-1, 0],
    [-1, -1],
    [0, -1],
    [1, -1],
  ] as const) {
    const lat = centre.lat + y * dLat;
    if (lat > 90 || lat < -90) continue;
    let lon = centre.lon + x * dLon;
    if (lon >= 180) lon -= 360;
    if (lon < -180) lon += 360;
    const cell = encodeGeohash({ lat, lon }, hash.length);
    if (!cells.includes(cell)) cells.push(cell);
  }
  return cells;
}

const METRES_PER_DEGREE_LAT = 111_320;

/**
 * The geohash cells of `precision` that a circle of `radiusMetres` around `point` can
 * touch: the point's cell and those of its neighbours whose box comes within the
 * radius. Exact while the radius is smaller than a cell (precision 5: about 3.4 km
 * east–west at Balıkesir's latitude), which is why duplicate radii are capped well
 * below that (duplicate-detection.ts).
 */
export function geohashCellsWithin(point: GeoPoint, radiusMetres: number, precision = 5): string[] {
  const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos((point.lat * Math.PI) / 180);
  return geohashNeighbours(encodeGeohash(point, precision)).filter((cell) => {
    const box = decodeGeohashBounds(cell);
    // Nearest point of the box, in metres on a local flat approximation (fine at these scales).
    const lat = Math.min(Math.max(point.lat, box.latMin), box.latMax);
    const lon = Math.min(Math.max(point.lon, box.lonMin), box.lonMax);
    const dy = (lat - point.lat) * METRES_PER_DEGREE_LAT;
    const dx = (lon - point.lon) * metresPerDegreeLon;
    return Math.hypot(dx, dy) <= radiusMetres;
  });
}
