import type { OpenCaseMapResponse } from './analytics-contracts.ts';

/*
 * Server-side clustering of the open cases on the analytics map (docs/domain/maps.md).
 * Zoomed out, the map gets one marker per grid cell of about 64 screen pixels, at the
 * mean position of the cell's cases, so a city-wide view costs a few dozen markers
 * however many cases are open; zoomed in, it gets the cases themselves, capped. A
 * fixed grid (not a greedy clusterer) keeps the answer deterministic and the same
 * for every box that contains a cell, so panning does not make clusters jump.
 */

/** A bounding box in degrees; `west <= east` (the maps never cross the antimeridian). */
export interface MapBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** From this zoom on (a few streets on screen) the map shows cases, not clusters. */
export const POINTS_FROM_ZOOM = 14;
/** At most this many cases in one answer at point zoom; more sets `truncated`. */
export const MAX_MAP_POINTS = 500;
/** Screen size of a cluster cell: a web-mercator tile is 256 px wide. */
export const CLUSTER_CELL_PIXELS = 64;

const DECIMALS = 5;
const round = (v: number) => Number(v.toFixed(DECIMALS));

/** Is the point inside the box (edges included)? */
export function inMapBox(p: { lat: number; lon: number }, box: MapBox): boolean {
  return p.lat >= box.south && p.lat <= box.north && p.lon >= box.west && p.lon <= box.east;
}

/**
 * The grid cell size at a zoom, in degrees: longitude from the tile width; latitude
 * scaled by cos(latitude) around `atLat`, so that cells are about square on screen.
 */
export function clusterCellDegrees(zoom: number, atLat: number): { lat: number; lon: number } {
  const lon = (360 / 2 ** zoom) * (CLUSTER_CELL_PIXELS / 256);
  return { lon, lat: lon * Math.cos((atLat * Math.PI) / 180) };
}

export interface MapCluster {
  lat: number;
  lon: number;
  count: number;
}

/**
 * Groups points into grid cells for a zoom. The grid is anchored at 0°/0° (not at the
 * box), so the same cell yields the same cluster whatever box is asked for. Ordered by
 * count (largest first), then position, for a stable answer.
 */
export function clusterPoints(
  points: readonly { lat: number; lon: number }[],
  zoom: number,
  gridLat: number,
): MapCluster[] {
  const cell = clusterCellDegrees(zoom, gridLat);
  const cells = new Map<string, { lat: number; lon: number; count: number }>();
  for (const p of points) {
    const key = `${Math.floor(p.lat / cell.lat)}:${Math.floor(p.lon / cell.lon)}`;
    const c = cells.get(key) ?? { lat: 0, lon: 0, count: 0 };
    c.lat += p.lat;
    c.lon += p.lon;
    c.count += 1;
    cells.set(key, c);
  }
  return [...cells.values()]
    .map((c) => ({ lat: round(c.lat / c.count), lon: round(c.lon / c.count), count: c.count }))
    .sort((a, b) => b.count - a.count || a.lat - b.lat || a.lon - b.lon);
}

/**
 * The latitude the cluster grid is scaled at for a city: a fixed value per request
 * area would make cells change shape as the box moves, so callers pass one latitude
 * per city (its seat's), rounded to a degree.
 */
export const clusterGridLatitude = (seatLat: number) => Math.round(seatLat);

/** One open case as the map shows it (no personal data: location, work type, state). */
export type OpenCaseMapPoint = OpenCaseMapResponse['points'][number];

const PRIORITY_ORDER: Record<OpenCaseMapPoint['priority'], number> = {
  urgent: 0,
  high: 1,
  normal: 2,
  low: 3,
};

/**
 * The map's answer for the open cases found in a box. `complete` is false when the
 * read stopped at its cap, which the answer reports as `truncated`. At point zoom the
 * cases most in need of attention come first (overdue, then by priority), so a cap
 * drops the least urgent ones.
 */
export function openCaseMap(
  found: readonly OpenCaseMapPoint[],
  options: { zoom: number; gridLat: number; complete: boolean },
): OpenCaseMapResponse {
  if (options.zoom < POINTS_FROM_ZOOM) {
    return {
      clusters: clusterPoints(found, options.zoom, options.gridLat),
      points: [],
      truncated: !options.complete,
    };
  }
  const ordered = [...found].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] ||
      a.id.localeCompare(b.id),
  );
  return {
    clusters: [],
    points: ordered.slice(0, MAX_MAP_POINTS).map((p) => ({ ...p, lat: round(p.lat), lon: round(p.lon) })),
    truncated: !options.complete || ordered.length > MAX_MAP_POINTS,
  };
}
