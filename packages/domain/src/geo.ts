import type { GeoPoint } from './tenant.ts';

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Turkish-aware folding for comparing names typed by people: "Gündoğan" = "gundogan", "İvrindi" = "ivrindi". */
export function foldTurkish(s: string): string {
  return s
    .toLocaleLowerCase('tr')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A GeoJSON position: longitude first, then latitude (RFC 7946 §3.1.1). */
export type Position = readonly [lon: number, lat: number];

/**
 * An area as GeoJSON stores it: a Polygon (outer ring, then holes) or a MultiPolygon.
 * Rings may repeat their first position at the end, as RFC 7946 requires; the
 * functions below accept both closed and open rings.
 */
export type AreaGeometry =
  | { type: 'Polygon'; coordinates: readonly (readonly Position[])[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly (readonly Position[])[])[] };

export type RingRelation = 'inside' | 'boundary' | 'outside';

/** Closer than this to an edge (in degrees, about 1 cm) a point counts as lying on it. */
const ON_EDGE_DEG = 1e-7;

/**
 * Where a point lies relative to a ring: the even-odd (crossing number) rule,
 * plus an explicit on-edge test so that a point on a shared district border or
 * on a vertex is never silently lost between two polygons.
 */
export function pointInRing(point: GeoPoint, ring: readonly Position[]): RingRelation {
  const { lon: x, lat: y } = point;
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    const crossZ = (xj - xi) * (y - yi) - (yj - yi) * (x - xi);
    const withinBox =
      x >= Math.min(xi, xj) - ON_EDGE_DEG &&
      x <= Math.max(xi, xj) + ON_EDGE_DEG &&
      y >= Math.min(yi, yj) - ON_EDGE_DEG &&
      y <= Math.max(yi, yj) + ON_EDGE_DEG;
    if (withinBox && Math.abs(crossZ) <= ON_EDGE_DEG * Math.hypot(xj - xi, yj - yi)) return 'boundary';
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

const polygonsOf = (g: AreaGeometry) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/** Where a point lies relative to a Polygon or MultiPolygon (holes excluded, their edges included). */
export function pointInArea(point: GeoPoint, area: AreaGeometry): RingRelation {
  let onBoundary = false;
  for (const [outer, ...holes] of polygonsOf(area)) {
    if (!outer) continue;
    const rel = pointInRing(point, outer);
    if (rel === 'outside') continue;
    if (rel === 'boundary') {
      onBoundary = true;
      continue;
    }
    const inHole = holes.map((h) => pointInRing(point, h));
    if (inHole.includes('inside')) continue;
    if (inHole.includes('boundary')) {
      onBoundary = true;
      continue;
    }
    return 'inside';
  }
  return onBoundary ? 'boundary' : 'outside';
}

const METRES_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_M;

/**
 * Distance in metres from a point to the nearest edge of an area, 0 when the
 * point lies in it. Uses a local equirectangular projection around the point:
 * accurate to well under 1% for the tens of kilometres a city spans.
 */
export function distanceToAreaMetres(point: GeoPoint, area: AreaGeometry): number {
  if (pointInArea(point, area) !== 'outside') return 0;
  const kx = Math.cos(rad(point.lat)) * METRES_PER_DEGREE;
  const ky = METRES_PER_DEGREE;
  let best = Number.POSITIVE_INFINITY;
  for (const rings of polygonsOf(area)) {
    for (const ring of rings) {
      for (let i = 0; i < ring.length; i++) {
        const [ax, ay] = ring[i] as Position;
        const [bx, by] = ring[(i + 1) % ring.length] as Position;
        const a = { x: (ax - point.lon) * kx, y: (ay - point.lat) * ky };
        const b = { x: (bx - point.lon) * kx, y: (by - point.lat) * ky };
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len2 = dx * dx + dy * dy;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(a.x * dx + a.y * dy) / len2));
        best = Math.min(best, Math.hypot(a.x + t * dx, a.y + t * dy));
      }
    }
  }
  return best;
}
