import { type AreaGeometry, distanceToAreaMetres, type Position, pointInArea, pointInRing } from './geo.ts';

/*
 * Validation of a tenant's boundary uploaded as GeoJSON (a district's territory, a
 * utility's service area), and of the set of boundaries of one city. Pure geometry:
 * no I/O, no AWS; the city configuration schema calls it from a zod refinement.
 *
 * Every issue says where it is: `path` points into the uploaded JSON
 * (`coordinates.<polygon>.<ring>.<position>` for a MultiPolygon, without the polygon
 * index for a Polygon), and `params` holds the numbers an administrator needs to find
 * the spot on a map (segment indexes, the intersection point, a distance).
 * `message` is a key of validationMessages, so the API edge words it in Turkish or
 * English like every other validation message.
 */

/** The validation message key of each rule a boundary can break. */
export type BoundaryIssueCode =
  | 'boundary.not-geojson'
  | 'boundary.geometry-type'
  | 'boundary.position'
  | 'boundary.coordinate-range'
  | 'boundary.too-many-positions'
  | 'boundary.ring-too-short'
  | 'boundary.ring-not-closed'
  | 'boundary.ring-degenerate'
  | 'boundary.self-intersection'
  | 'boundary.hole-outside-shell'
  | 'boundary.holes-overlap'
  | 'boundary.polygons-overlap'
  | 'boundary.outside-city'
  | 'boundary.tenants-overlap';

/** Numbers that locate an issue; which ones are present depends on the code. */
export interface BoundaryIssueParams {
  polygon?: number;
  ring?: number;
  position?: number;
  /** The two segments that meet (segment i runs from position i to position i + 1). */
  segments?: readonly [BoundarySegmentRef, BoundarySegmentRef];
  /** Where the problem is: an intersection point, a vertex, a point of an overlap ([lon, lat]). */
  point?: Position;
  distanceMetres?: number;
  areaSquareMetres?: number;
  /** `tenants-overlap`: the two tenants whose boundaries overlap. */
  tenantIds?: readonly [string, string];
  /** The two polygons of a MultiPolygon that overlap, or the two holes. */
  polygons?: readonly [number, number];
  rings?: readonly [number, number];
  limit?: number;
}

export interface BoundarySegmentRef {
  polygon: number;
  ring: number;
  segment: number;
}

/** One broken rule, zod-issue shaped: the lead's schema can pass it on with `ctx.addIssue`. */
export interface BoundaryIssue {
  code: BoundaryIssueCode;
  /** The validation message key (equal to the code). */
  message: BoundaryIssueCode;
  path: (string | number)[];
  params?: BoundaryIssueParams;
}

export type BoundaryValidation =
  | { ok: true; geometry: AreaGeometry; issues: [] }
  | { ok: false; issues: BoundaryIssue[] };

export interface BoundaryValidationOptions {
  /**
   * How far (metres) a vertex may lie outside the city's outline. Boundaries are
   * often drawn along the outline (a coastal district, the city's own border) and
   * digitised from another source or at another precision, so their vertices land a
   * few metres off it. 50 m covers rounding to 5 decimals (about 1 m) and ordinary
   * digitising differences; raise it (e.g. to 10 km) while the outline itself is a
   * rough approximation, as the demo city's hand-traced outline is.
   */
  outlineToleranceMetres?: number;
  /** Stop collecting after this many issues: a broken file must not produce a million of them. */
  maxIssues?: number;
  /** Upper bound on positions, which bounds the work an upload can cause. */
  maxPositions?: number;
}

export interface BoundarySetOptions extends BoundaryValidationOptions {
  /**
   * Two tenants' boundaries may overlap by this much (m²) before the set is
   * rejected: borders traced independently from different sources always disagree
   * by slivers. 10 000 m² is one hectare.
   */
  overlapToleranceSquareMetres?: number;
}

export interface TenantBoundary {
  tenantId: string;
  geometry: unknown;
}

const DEFAULT_OUTLINE_TOLERANCE_METRES = 50;
const DEFAULT_OVERLAP_TOLERANCE_M2 = 10_000;
const DEFAULT_MAX_ISSUES = 50;
const DEFAULT_MAX_POSITIONS = 200_000;
/** Parts of one MultiPolygon must not overlap at all: anything above rounding noise (1 m²) counts. */
const PART_OVERLAP_EPSILON_M2 = 1;

/** Twice the area (degrees²) below which a ring counts as flat: about 1 m². */
const DEGENERATE_AREA2 = 2e-10;
const EARTH_RADIUS_M = 6_371_008.8;
const METRES_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_M;

class IssueList {
  readonly items: BoundaryIssue[] = [];
  constructor(readonly max: number) {}
  get full() {
    return this.items.length >= this.max;
  }
  add(code: BoundaryIssueCode, path: (string | number)[], params?: BoundaryIssueParams) {
    if (this.full) return;
    this.items.push({ code, message: code, path, ...(params ? { params } : {}) });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The geometry of a bare geometry object or of a Feature, with the path prefix to it. */
function unwrap(input: unknown): { geometry: Record<string, unknown>; prefix: string[] } | undefined {
  if (!isObject(input)) return undefined;
  if (input.type === 'Feature')
    return isObject(input.geometry) ? { geometry: input.geometry, prefix: ['geometry'] } : undefined;
  return { geometry: input, prefix: [] };
}

interface ParsedPolygon {
  /** Positions as uploaded (altitude dropped), rings closed. */
  rings: Position[][];
  /** Path of each ring in the uploaded JSON. */
  paths: (string | number)[][];
}

/**
 * The structural checks (RFC 7946 §3.1.6): shape of the JSON, positions in range,
 * rings of at least four positions that end where they start.
 */
function parseStructure(
  input: unknown,
  issues: IssueList,
  maxPositions: number,
): ParsedPolygon[] | undefined {
  const unwrapped = unwrap(input);
  if (!unwrapped || typeof unwrapped.geometry.type !== 'string') {
    issues.add('boundary.not-geojson', []);
    return undefined;
  }
  const { geometry, prefix } = unwrapped;
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    issues.add('boundary.geometry-type', [...prefix, 'type']);
    return undefined;
  }
  const multi = geometry.type === 'MultiPolygon';
  const coordinates = geometry.coordinates;
  const rawPolygons = multi ? coordinates : [coordinates];
  if (!Array.isArray(rawPolygons) || rawPolygons.length === 0) {
    issues.add('boundary.not-geojson', [...prefix, 'coordinates']);
    return undefined;
  }
  let count = 0;
  const polygons: ParsedPolygon[] = [];
  let structural = true;
  rawPolygons.forEach((rawRings, p) => {
    const polygonPath = multi ? [...prefix, 'coordinates', p] : [...prefix, 'coordinates'];
    if (!Array.isArray(rawRings) || rawRings.length === 0) {
      issues.add('boundary.not-geojson', polygonPath, multi ? { polygon: p } : undefined);
      structural = false;
      return;
    }
    const polygon: ParsedPolygon = { rings: [], paths: [] };
    rawRings.forEach((rawRing, r) => {
      const ringPath = [...polygonPath, r];
      const where = { ...(multi ? { polygon: p } : {}), ring: r };
      if (!Array.isArray(rawRing)) {
        issues.add('boundary.not-geojson', ringPath, where);
        structural = false;
        return;
      }
      count += rawRing.length;
      if (count > maxPositions) return;
      const ring: Position[] = [];
      let ringOk = true;
      rawRing.forEach((pos, i) => {
        const ok =
          Array.isArray(pos) &&
          (pos.length === 2 || pos.length === 3) &&
          pos.every((n) => typeof n === 'number' && Number.isFinite(n));
        if (!ok) {
          issues.add('boundary.position', [...ringPath, i], { ...where, position: i });
          ringOk = false;
          return;
        }
        const [lon, lat] = pos as [number, number];
        if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
          issues.add('boundary.coordinate-range', [...ringPath, i], {
            ...where,
            position: i,
            point: [lon, lat],
          });
          ringOk = false;
          return;
        }
        ring.push([lon, lat]);
      });
      if (!ringOk) {
        structural = false;
        return;
      }
      if (ring.length < 4) {
        issues.add('boundary.ring-too-short', ringPath, where);
        structural = false;
        return;
      }
      const first = ring[0] as Position;
      const last = ring.at(-1) as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) {
        issues.add('boundary.ring-not-closed', [...ringPath, ring.length - 1], {
          ...where,
          position: ring.length - 1,
          point: last,
        });
        structural = false;
        return;
      }
      polygon.rings.push(ring);
      polygon.paths.push(ringPath);
    });
    polygons.push(polygon);
  });
  if (count > maxPositions) {
    issues.add('boundary.too-many-positions', [...prefix, 'coordinates'], { limit: maxPositions });
    return undefined;
  }
  return structural ? polygons : undefined;
}

/** Twice the signed area of a ring in degrees² (shoelace); positive when counter-clockwise. */
function signedArea2(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [ax, ay] = ring[i] as Position;
    const [bx, by] = ring[i + 1] as Position;
    s += ax * by - bx * ay;
  }
  return s;
}

/** A segment of a ring, with where it came from. Zero-length segments are never made. */
interface Segment {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
  ref: BoundarySegmentRef;
  /** Position of this segment in its ring's list of non-zero segments, for adjacency. */
  k: number;
  /** How many non-zero segments its ring has. */
  ringSegments: number;
  /** Which geometry it belongs to, when two geometries are compared. */
  owner: number;
}

function segmentsOf(polygons: readonly (readonly Position[][])[], owner = 0): Segment[] {
  const out: Segment[] = [];
  polygons.forEach((rings, p) => {
    rings.forEach((ring, r) => {
      const start = out.length;
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i] as Position;
        const [bx, by] = ring[i + 1] as Position;
        // Repeated consecutive positions are legal GeoJSON; they just make no segment.
        if (ax === bx && ay === by) continue;
        out.push({
          ax,
          ay,
          bx,
          by,
          minX: Math.min(ax, bx),
          maxX: Math.max(ax, bx),
          minY: Math.min(ay, by),
          maxY: Math.max(ay, by),
          ref: { polygon: p, ring: r, segment: i },
          k: out.length - start,
          ringSegments: 0,
          owner,
        });
      }
      for (let j = start; j < out.length; j++) (out[j] as Segment).ringSegments = out.length - start;
    });
  });
  return out;
}

/** Cross product of (b − a) and (c − a): > 0 when c lies left of a→b. */
const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

type Contact =
  | { kind: 'none' }
  /** The interiors cross at one point. */
  | { kind: 'cross'; point: Position }
  /** They meet at one point that is an endpoint of at least one of them. */
  | { kind: 'touch'; point: Position }
  /** Collinear and sharing a stretch of positive length. */
  | { kind: 'overlap'; point: Position };

/** How two segments meet: exact orientation signs, so shared vertices are recognised as such. */
function contact(s: Segment, t: Segment): Contact {
  const o1 = orient(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
  const o2 = orient(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
  const o3 = orient(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
  const o4 = orient(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
  if (o1 === 0 && o2 === 0) {
    // Collinear: compare along the dominant axis.
    const useX = Math.abs(s.bx - s.ax) >= Math.abs(s.by - s.ay);
    const lo = useX ? Math.max(s.minX, t.minX) : Math.max(s.minY, t.minY);
    const hi = useX ? Math.min(s.maxX, t.maxX) : Math.min(s.maxY, t.maxY);
    if (lo > hi) return { kind: 'none' };
    const at = (v: number): Position => {
      const f = useX ? (v - s.ax) / (s.bx - s.ax) : (v - s.ay) / (s.by - s.ay);
      return [s.ax + f * (s.bx - s.ax), s.ay + f * (s.by - s.ay)];
    };
    return lo < hi ? { kind: 'overlap', point: at(lo) } : { kind: 'touch', point: at(lo) };
  }
  if (Math.sign(o1) * Math.sign(o2) < 0 && Math.sign(o3) * Math.sign(o4) < 0) {
    const f = o3 / (o3 - o4);
    return { kind: 'cross', point: [s.ax + f * (s.bx - s.ax), s.ay + f * (s.by - s.ay)] };
  }
  const onS = (x: number, y: number) => x >= s.minX && x <= s.maxX && y >= s.minY && y <= s.maxY;
  const onT = (x: number, y: number) => x >= t.minX && x <= t.maxX && y >= t.minY && y <= t.maxY;
  if (o1 === 0 && onS(t.ax, t.ay)) return { kind: 'touch', point: [t.ax, t.ay] };
  if (o2 === 0 && onS(t.bx, t.by)) return { kind: 'touch', point: [t.bx, t.by] };
  if (o3 === 0 && onT(s.ax, s.ay)) return { kind: 'touch', point: [s.ax, s.ay] };
  if (o4 === 0 && onT(s.bx, s.by)) return { kind: 'touch', point: [s.bx, s.by] };
  return { kind: 'none' };
}

/**
 * Calls `visit` for every pair of segments whose bounding boxes overlap.
 *
 * Algorithm: sort-and-sweep on x (a broad phase) followed by the exact test in
 * `contact`. Sorting is O(n log n); the sweep then only pairs segments whose
 * x-extents overlap and checks their y-extents before the exact test, so municipal
 * polygons of a few thousand vertices cost O(n log n + k), k the number of
 * box-overlapping pairs (a handful per segment). The worst case is still O(n²)
 * (thousands of long segments spanning the same x-range), which the maxPositions
 * limit bounds. A Bentley–Ottmann sweep would guarantee O((n + k) log n) but is far
 * harder to make robust for the shared vertices and collinear edges real
 * boundaries are full of.
 */
function forEachCandidatePair(segments: Segment[], visit: (s: Segment, t: Segment) => boolean | undefined) {
  const sorted = [...segments].sort((a, b) => a.minX - b.minX);
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i] as Segment;
    for (let j = i + 1; j < sorted.length; j++) {
      const t = sorted[j] as Segment;
      if (t.minX > s.maxX) break;
      if (t.minY > s.maxY || t.maxY < s.minY) continue;
      if (visit(s, t) === false) return;
    }
  }
}

/** Adjacent segments of one ring share exactly one vertex, which is no intersection. */
function adjacent(s: Segment, t: Segment): boolean {
  if (s.ref.polygon !== t.ref.polygon || s.ref.ring !== t.ref.ring) return false;
  const d = Math.abs(s.k - t.k);
  return d === 1 || d === s.ringSegments - 1;
}

/** Segment order in a report: by polygon, ring, segment. */
function ordered(s: Segment, t: Segment): [Segment, Segment] {
  const key = (x: Segment) => [x.ref.polygon, x.ref.ring, x.ref.segment];
  const [a, b] = [key(s), key(t)];
  for (let i = 0; i < 3; i++)
    if ((a[i] as number) !== (b[i] as number)) return (a[i] as number) < (b[i] as number) ? [s, t] : [t, s];
  return [s, t];
}

/**
 * Self-intersections of each polygon: in one ring, any contact of two non-adjacent
 * segments (crossing, touching, running along each other) and any backtracking of
 * two adjacent ones; between two rings of one polygon (shell and hole, two holes),
 * crossings and shared stretches. Rings may touch one another at a single point, as
 * the OGC simple-features rules allow.
 */
function checkSelfIntersections(polygons: ParsedPolygon[], multi: boolean, issues: IssueList): boolean {
  const segments = segmentsOf(polygons.map((p) => p.rings));
  let clean = true;
  forEachCandidatePair(segments, (s, t) => {
    if (s.ref.polygon !== t.ref.polygon) return true;
    const c = contact(s, t);
    if (c.kind === 'none') return true;
    const sameRing = s.ref.ring === t.ref.ring;
    let bad: boolean;
    if (sameRing && adjacent(s, t)) bad = c.kind === 'overlap';
    else if (sameRing) bad = true;
    else bad = c.kind !== 'touch';
    if (!bad) return true;
    clean = false;
    const [a, b] = ordered(s, t);
    const polygonPath = polygons[a.ref.polygon]?.paths[a.ref.ring] ?? [];
    issues.add('boundary.self-intersection', [...polygonPath, a.ref.segment], {
      ...(multi ? { polygon: a.ref.polygon } : {}),
      ring: a.ref.ring,
      segments: [a.ref, b.ref],
      point: c.point,
    });
    return !issues.full;
  });
  return clean;
}

/**
 * Holes must lie inside their shell, and not inside (or on top of) one another. The
 * rings do not cross (checked before), so one vertex off the other ring's boundary
 * decides where the whole ring lies.
 */
function checkHoles(polygons: ParsedPolygon[], multi: boolean, issues: IssueList): boolean {
  let clean = true;
  const interiorVertex = (ring: Position[], of: Position[]) =>
    ring.find((p) => pointInRing({ lon: p[0], lat: p[1] }, of) !== 'boundary');
  polygons.forEach((polygon, p) => {
    const [shell, ...holes] = polygon.rings;
    if (!shell) return;
    holes.forEach((hole, h) => {
      const v = interiorVertex(hole, shell);
      if (v && pointInRing({ lon: v[0], lat: v[1] }, shell) === 'outside') {
        clean = false;
        issues.add('boundary.hole-outside-shell', polygon.paths[h + 1] ?? [], {
          ...(multi ? { polygon: p } : {}),
          ring: h + 1,
          point: v,
        });
      }
      holes.forEach((other, o) => {
        if (o === h) return;
        const w = interiorVertex(hole, other);
        // All vertices on the other hole's boundary: the same hole twice.
        const inside = w ? pointInRing({ lon: w[0], lat: w[1] }, other) === 'inside' : true;
        // Report each pair once: the hole that lies inside names the pair.
        if (inside) {
          clean = false;
          issues.add('boundary.holes-overlap', polygon.paths[h + 1] ?? [], {
            ...(multi ? { polygon: p } : {}),
            rings: [h + 1, o + 1],
            ...(w ? { point: w } : {}),
          });
        }
      });
    });
  });
  return clean;
}

/** Rings with no area (all positions on one line) are neither shells nor holes. */
function checkDegenerate(polygons: ParsedPolygon[], multi: boolean, issues: IssueList): boolean {
  let clean = true;
  polygons.forEach((polygon, p) => {
    polygon.rings.forEach((ring, r) => {
      if (Math.abs(signedArea2(ring)) < DEGENERATE_AREA2) {
        clean = false;
        issues.add('boundary.ring-degenerate', polygon.paths[r] ?? [], {
          ...(multi ? { polygon: p } : {}),
          ring: r,
        });
      }
    });
  });
  return clean;
}

const ringsOfArea = (g: AreaGeometry): Position[][][] =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Position[][][];

/** Square metres of one square degree at a latitude (spherical Earth, equal-area weight cos φ). */
const squareMetresPerSquareDegree = (lat: number) => METRES_PER_DEGREE ** 2 * Math.cos((lat * Math.PI) / 180);

/**
 * The area (m²) common to two areas, and a point inside the common part. Each area
 * is the even-odd fill of its rings (a valid Polygon or MultiPolygon: holes inside
 * shells, parts disjoint). Edges are straight in longitude/latitude, as GeoJSON
 * draws them (RFC 7946 §3.1.1).
 *
 * Exact up to the cos φ area weight for straight edges: the plane is cut into horizontal slabs at every vertex
 * and at every crossing of an edge of one area with an edge of the other. Inside a
 * slab no two edges cross, so the length of the intersection of the two areas'
 * x-intervals varies linearly with y and the midpoint rule integrates it exactly.
 * Shared borders (edges lying on each other) contribute nothing, as they should.
 */
function overlapArea(a: AreaGeometry, b: AreaGeometry): { area: number; point?: Position } {
  const sa = segmentsOf(ringsOfArea(a), 0);
  const sb = segmentsOf(ringsOfArea(b), 1);
  const box = (ss: Segment[]) => ({
    minX: Math.min(...ss.map((s) => s.minX)),
    maxX: Math.max(...ss.map((s) => s.maxX)),
    minY: Math.min(...ss.map((s) => s.minY)),
    maxY: Math.max(...ss.map((s) => s.maxY)),
  });
  if (sa.length === 0 || sb.length === 0) return { area: 0 };
  const ba = box(sa);
  const bb = box(sb);
  const lo = Math.max(ba.minY, bb.minY);
  const hi = Math.min(ba.maxY, bb.maxY);
  if (lo >= hi || Math.max(ba.minX, bb.minX) >= Math.min(ba.maxX, bb.maxX)) return { area: 0 };

  const all = [...sa, ...sb];
  const ys = new Set<number>();
  for (const s of all) {
    if (s.ay > lo && s.ay < hi) ys.add(s.ay);
    if (s.by > lo && s.by < hi) ys.add(s.by);
  }
  forEachCandidatePair(all, (s, t) => {
    if (s.owner === t.owner) return true;
    const c = contact(s, t);
    if (c.kind === 'cross' && c.point[1] > lo && c.point[1] < hi) ys.add(c.point[1]);
    return true;
  });
  const cuts = [lo, ...[...ys].sort((x, y) => x - y), hi];

  const xAt = (s: Segment, y: number) => s.ax + ((y - s.ay) / (s.by - s.ay)) * (s.bx - s.ax);
  const intervals = (xs: number[]) => {
    xs.sort((x, y) => x - y);
    const out: [number, number][] = [];
    for (let i = 0; i + 1 < xs.length; i += 2) out.push([xs[i] as number, xs[i + 1] as number]);
    return out;
  };
  // Active-edge list: edges sorted by their lower y enter as the slabs climb.
  const byMinY = all.filter((s) => s.minY !== s.maxY).sort((x, y) => x.minY - y.minY);
  let next = 0;
  let active: Segment[] = [];
  let area = 0;
  let best: { len: number; point: Position } | undefined;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const y0 = cuts[i] as number;
    const y1 = cuts[i + 1] as number;
    if (y1 <= y0) continue;
    const ym = (y0 + y1) / 2;
    while (next < byMinY.length && (byMinY[next] as Segment).minY < ym)
      active.push(byMinY[next++] as Segment);
    active = active.filter((s) => s.maxY > ym);
    const xa: number[] = [];
    const xb: number[] = [];
    for (const s of active) if (s.minY < ym) (s.owner === 0 ? xa : xb).push(xAt(s, ym));
    const ia = intervals(xa);
    const ib = intervals(xb);
    let len = 0;
    let p = 0;
    let q = 0;
    let widest: [number, number] | undefined;
    while (p < ia.length && q < ib.length) {
      const [a0, a1] = ia[p] as [number, number];
      const [b0, b1] = ib[q] as [number, number];
      const l = Math.max(a0, b0);
      const r = Math.min(a1, b1);
      if (r > l) {
        len += r - l;
        if (!widest || r - l > widest[1] - widest[0]) widest = [l, r];
      }
      if (a1 < b1) p++;
      else q++;
    }
    // Degrees to m² at the slab's middle latitude: slabs are thin, so the midpoint
    // rule's error on the cos φ weight is negligible.
    const slabArea = len * (y1 - y0) * squareMetresPerSquareDegree(ym);
    area += slabArea;
    if (widest && (!best || slabArea > best.len))
      best = { len: slabArea, point: [(widest[0] + widest[1]) / 2, ym] };
  }
  return { area, ...(best ? { point: best.point } : {}) };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const roundPoint = (p: Position): Position => [round(p[0], 6), round(p[1], 6)];

/** Parts of a MultiPolygon may touch at points or along edges, never share area. */
function checkPartsOverlap(polygons: ParsedPolygon[], issues: IssueList): boolean {
  let clean = true;
  for (let i = 0; i < polygons.length; i++) {
    for (let j = i + 1; j < polygons.length; j++) {
      const a: AreaGeometry = { type: 'Polygon', coordinates: (polygons[i] as ParsedPolygon).rings };
      const b: AreaGeometry = { type: 'Polygon', coordinates: (polygons[j] as ParsedPolygon).rings };
      const { area, point } = overlapArea(a, b);
      if (area > PART_OVERLAP_EPSILON_M2) {
        clean = false;
        issues.add('boundary.polygons-overlap', (polygons[j] as ParsedPolygon).paths[0]?.slice(0, -1) ?? [], {
          polygons: [i, j],
          areaSquareMetres: Math.round(area),
          ...(point ? { point: roundPoint(point) } : {}),
        });
      }
    }
  }
  return clean;
}

/** Every vertex inside the city's outline, or within the tolerance of it. */
function checkInsideCity(
  polygons: ParsedPolygon[],
  multi: boolean,
  city: AreaGeometry,
  toleranceMetres: number,
  issues: IssueList,
) {
  polygons.forEach((polygon, p) => {
    polygon.rings.forEach((ring, r) => {
      // The closing position repeats the first: check it once.
      for (let i = 0; i + 1 < ring.length && !issues.full; i++) {
        const [lon, lat] = ring[i] as Position;
        const point = { lon, lat };
        if (pointInArea(point, city) !== 'outside') continue;
        const d = distanceToAreaMetres(point, city);
        if (d <= toleranceMetres) continue;
        issues.add('boundary.outside-city', [...(polygon.paths[r] ?? []), i], {
          ...(multi ? { polygon: p } : {}),
          ring: r,
          position: i,
          point: [lon, lat],
          distanceMetres: Math.round(d),
        });
      }
    });
  });
}

/**
 * Validates one uploaded boundary (GeoJSON Polygon or MultiPolygon, bare or as a
 * Feature) against RFC 7946 and the city: structure, closed rings of at least four
 * positions, coordinates in range, no self-intersection, holes inside their shell,
 * parts of a MultiPolygon disjoint, every vertex inside the city's outline (within
 * `outlineToleranceMetres`).
 *
 * Either winding is accepted: RFC 7946 only recommends counter-clockwise shells for
 * writers, and many tools write the opposite. The first ring of a polygon is its
 * shell and the rest are holes, whatever their orientation.
 *
 * Checks that need a sound structure run only when the structure is sound, and the
 * city check only when the geometry is valid by itself, so one mistake is reported
 * once and not as a cascade.
 */
export function validateBoundary(
  geojson: unknown,
  cityOutline: AreaGeometry,
  options: BoundaryValidationOptions = {},
): BoundaryValidation {
  const issues = new IssueList(options.maxIssues ?? DEFAULT_MAX_ISSUES);
  const polygons = parseStructure(geojson, issues, options.maxPositions ?? DEFAULT_MAX_POSITIONS);
  if (!polygons) return { ok: false, issues: issues.items };
  const multi = (unwrap(geojson)?.geometry.type ?? '') === 'MultiPolygon';
  // A ring folded onto itself is reported as the intersection it is; one that is merely
  // too thin to have an area, as degenerate.
  const simple = checkSelfIntersections(polygons, multi, issues) && checkDegenerate(polygons, multi, issues);
  if (simple && checkHoles(polygons, multi, issues)) checkPartsOverlap(polygons, issues);
  if (issues.items.length === 0) {
    checkInsideCity(
      polygons,
      multi,
      cityOutline,
      options.outlineToleranceMetres ?? DEFAULT_OUTLINE_TOLERANCE_METRES,
      issues,
    );
  }
  if (issues.items.length > 0) return { ok: false, issues: issues.items };
  const geometry: AreaGeometry = multi
    ? { type: 'MultiPolygon', coordinates: polygons.map((p) => p.rings) }
    : { type: 'Polygon', coordinates: (polygons[0] as ParsedPolygon).rings };
  return { ok: true, geometry, issues: [] };
}

export type BoundarySetValidation =
  | { ok: true; boundaries: { tenantId: string; geometry: AreaGeometry }[]; issues: [] }
  | { ok: false; issues: BoundaryIssue[] };

/**
 * Validates the boundaries of one city's tenants together: each on its own (issues
 * under `<index>.…`), then every pair of tenants for overlapping territory. Borders
 * traced independently disagree by slivers, so an overlap up to
 * `overlapToleranceSquareMetres` passes; a larger one is rejected with the pair, the
 * area and a point inside the overlap, because a location there would belong to two
 * tenants at once. Tenants of different kinds (a district and the water utility)
 * legitimately cover the same ground: pass only the boundaries that must tile, e.g.
 * the districts.
 */
export function validateBoundarySet(
  boundaries: readonly TenantBoundary[],
  cityOutline: AreaGeometry,
  options: BoundarySetOptions = {},
): BoundarySetValidation {
  const issues: BoundaryIssue[] = [];
  const valid: { index: number; tenantId: string; geometry: AreaGeometry }[] = [];
  boundaries.forEach((b, index) => {
    const result = validateBoundary(b.geometry, cityOutline, options);
    if (result.ok) valid.push({ index, tenantId: b.tenantId, geometry: result.geometry });
    else
      for (const issue of result.issues) issues.push({ ...issue, path: [index, 'geometry', ...issue.path] });
  });
  const tolerance = options.overlapToleranceSquareMetres ?? DEFAULT_OVERLAP_TOLERANCE_M2;
  const max = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  for (let i = 0; i < valid.length && issues.length < max; i++) {
    for (let j = i + 1; j < valid.length && issues.length < max; j++) {
      const a = valid[i] as (typeof valid)[number];
      const b = valid[j] as (typeof valid)[number];
      const { area, point } = overlapArea(a.geometry, b.geometry);
      if (area <= tolerance) continue;
      issues.push({
        code: 'boundary.tenants-overlap',
        message: 'boundary.tenants-overlap',
        path: [b.index, 'geometry'],
        params: {
          tenantIds: [a.tenantId, b.tenantId],
          areaSquareMetres: Math.round(area),
          ...(point ? { point: roundPoint(point) } : {}),
        },
      });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    boundaries: valid.map(({ tenantId, geometry }) => ({ tenantId, geometry })),
    issues: [],
  };
}

/** The area of a valid boundary in m² (holes subtracted): for display and for tests. */
export function boundaryAreaSquareMetres(geometry: AreaGeometry): number {
  return overlapArea(geometry, geometry).area;
}
