/*
 * Planar geometry for generating approximate district boundaries: Voronoi cells
 * of labelled sites, clipped to a (possibly concave, multi-part) outline and
 * dissolved into one polygon set per label. Pure functions on projected
 * coordinates; no dependency, because the domain ships no GIS library and the
 * generator only runs when the reference data changes.
 *
 * How: every site's Voronoi cell is a convex polygon (a bounding box cut by the
 * perpendicular bisectors towards every other site). The outline is split into
 * triangles by ear clipping, so that each piece of "cell ∩ outline" is the
 * intersection of two convex polygons (Sutherland–Hodgman is exact there, unlike
 * with a concave clip window). The pieces form a planar subdivision once
 * T-junctions are split; dissolving one label's pieces is then edge
 * cancellation: an edge shared by two pieces of the same label appears once in
 * each direction and disappears, and what remains are that label's boundary rings.
 */

/** A point in a local planar projection (x grows east, y grows north). */
export type Vec = readonly [number, number];
/** A closed ring without the repeated first point; counter-clockwise for outers. */
export type Ring = Vec[];
/** One polygon: its outer ring, then its holes. */
export type PolygonRings = Ring[];

export interface LabelledSite {
  at: Vec;
  label: string;
}

const cross = (o: Vec, a: Vec, b: Vec) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Twice the signed area (positive for counter-clockwise rings). */
export function signedArea2(ring: Ring): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Vec;
    const b = ring[(i + 1) % ring.length] as Vec;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s;
}

/** Keeps the part of a convex polygon on the left of the directed line a→b (or on it). */
function clipByLine(poly: Ring, a: Vec, b: Vec): Ring {
  const out: Vec[] = [];
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i] as Vec;
    const q = poly[(i + 1) % poly.length] as Vec;
    const cp = cross(a, b, p);
    const cq = cross(a, b, q);
    if (cp >= 0) out.push(p);
    if ((cp >= 0 && cq < 0) || (cp < 0 && cq >= 0)) {
      const t = cp / (cp - cq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** Intersection of two convex counter-clockwise polygons. */
export function intersectConvex(subject: Ring, clip: Ring): Ring {
  let out = subject;
  for (let i = 0; i < clip.length && out.length >= 3; i++) {
    out = clipByLine(out, clip[i] as Vec, clip[(i + 1) % clip.length] as Vec);
  }
  return out.length >= 3 ? out : [];
}

/** The Voronoi cell of `sites[index]` within a convex window: the points nearer to it than to any other site. */
export function voronoiCell(sites: readonly Vec[], index: number, window: Ring): Ring {
  const s = sites[index] as Vec;
  let cell = window;
  for (let j = 0; j < sites.length && cell.length >= 3; j++) {
    if (j === index) continue;
    const o = sites[j] as Vec;
    // Bisector of s and o, oriented so that s lies on its left.
    const mid: Vec = [(s[0] + o[0]) / 2, (s[1] + o[1]) / 2];
    const dir: Vec = [-(o[1] - s[1]), o[0] - s[0]];
    cell = clipByLine(cell, mid, [mid[0] + dir[0], mid[1] + dir[1]]);
  }
  return cell.length >= 3 ? cell : [];
}

function segmentsCross(a: Vec, b: Vec, c: Vec, d: Vec): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** Throws when a ring crosses itself: ear clipping and the dissolve assume simple rings. */
export function assertSimpleRing(ring: Ring, name: string): void {
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const a = ring[i] as Vec;
      const b = ring[(i + 1) % n] as Vec;
      const c = ring[j] as Vec;
      const d = ring[(j + 1) % n] as Vec;
      if (segmentsCross(a, b, c, d)) throw new Error(`${name}: edges ${i} and ${j} cross`);
    }
  }
}

function insideTriangle(p: Vec, a: Vec, b: Vec, c: Vec): boolean {
  return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

/** Ear-clipping triangulation of a simple counter-clockwise ring. */
export function triangulate(ring: Ring): Ring[] {
  const idx = ring.map((_, i) => i);
  const triangles: Ring[] = [];
  let guard = 0;
  while (idx.length > 3) {
    if (guard++ > 10_000) throw new Error('triangulation did not converge (is the ring simple and CCW?)');
    let clipped = false;
    for (let k = 0; k < idx.length; k++) {
      const ia = idx[(k + idx.length - 1) % idx.length] as number;
      const ib = idx[k] as number;
      const ic = idx[(k + 1) % idx.length] as number;
      const a = ring[ia] as Vec;
      const b = ring[ib] as Vec;
      const c = ring[ic] as Vec;
      if (cross(a, b, c) <= 0) continue; // reflex or degenerate corner: not an ear
      const blocked = idx.some(
        (j) => j !== ia && j !== ib && j !== ic && insideTriangle(ring[j] as Vec, a, b, c),
      );
      if (blocked) continue;
      triangles.push([a, b, c]);
      idx.splice(k, 1);
      clipped = true;
      break;
    }
    if (!clipped) throw new Error('no ear found (is the ring simple and CCW?)');
  }
  const [a, b, c] = idx.map((i) => ring[i] as Vec) as [Vec, Vec, Vec];
  if (cross(a, b, c) > 0) triangles.push([a, b, c]);
  return triangles;
}

/** Merges vertices closer than `eps` so that pieces computed separately share exact vertices. */
class VertexIndex {
  readonly points: Vec[] = [];
  readonly #grid = new Map<string, number[]>();
  constructor(private readonly eps: number) {}

  #cell(p: Vec) {
    return [Math.floor(p[0] / this.eps), Math.floor(p[1] / this.eps)] as const;
  }

  id(p: Vec): number {
    const [cx, cy] = this.#cell(p);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const i of this.#grid.get(`${cx + dx},${cy + dy}`) ?? []) {
          const q = this.points[i] as Vec;
          if (Math.abs(q[0] - p[0]) <= this.eps && Math.abs(q[1] - p[1]) <= this.eps) return i;
        }
      }
    }
    const i = this.points.push(p) - 1;
    const key = `${cx},${cy}`;
    this.#grid.set(key, [...(this.#grid.get(key) ?? []), i]);
    return i;
  }
}

/** Vertex ids strictly inside segment a→b, ordered from a to b. */
function verticesOnSegment(points: readonly Vec[], a: number, b: number, candidates: number[], eps: number) {
  const pa = points[a] as Vec;
  const pb = points[b] as Vec;
  const len2 = (pb[0] - pa[0]) ** 2 + (pb[1] - pa[1]) ** 2;
  const hits: { id: number; t: number }[] = [];
  for (const id of candidates) {
    if (id === a || id === b) continue;
    const p = points[id] as Vec;
    const t = ((p[0] - pa[0]) * (pb[0] - pa[0]) + (p[1] - pa[1]) * (pb[1] - pa[1])) / len2;
    if (t <= 0 || t >= 1) continue;
    const dist = Math.abs(cross(pa, pb, p)) / Math.sqrt(len2);
    if (dist <= eps) hits.push({ id, t });
  }
  return hits.sort((x, y) => x.t - y.t).map((h) => h.id);
}

function pointInRingStrict(p: Vec, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Vec;
    const b = ring[j] as Vec;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}

/** Drops vertices that lie on the straight line between their neighbours. */
function dropCollinear(ring: Ring, eps: number): Ring {
  let out = ring;
  let changed = true;
  while (changed && out.length > 3) {
    changed = false;
    for (let i = 0; i < out.length; i++) {
      const a = out[(i + out.length - 1) % out.length] as Vec;
      const b = out[i] as Vec;
      const c = out[(i + 1) % out.length] as Vec;
      const len = Math.hypot(c[0] - a[0], c[1] - a[1]);
      const forward = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) > 0;
      if (forward && Math.abs(cross(a, b, c)) / len <= eps) {
        out = [...out.slice(0, i), ...out.slice(i + 1)];
        changed = true;
        break;
      }
    }
  }
  return out;
}

/** Chains directed edges (region on the left) into closed rings, taking the sharpest left turn at pinch points. */
function chainRings(points: readonly Vec[], edges: [number, number][]): Ring[] {
  const outgoing = new Map<number, number[]>();
  for (const [a, b] of edges) outgoing.set(a, [...(outgoing.get(a) ?? []), b]);
  const rings: Ring[] = [];
  for (const [startA, startB] of edges) {
    const list = outgoing.get(startA);
    if (!list?.includes(startB)) continue; // already used
    list.splice(list.indexOf(startB), 1);
    const ring: number[] = [startA];
    let prev = startA;
    let cur = startB;
    while (cur !== startA) {
      ring.push(cur);
      const options = outgoing.get(cur) ?? [];
      if (options.length === 0) throw new Error('open boundary while dissolving (non-conforming pieces)');
      const p = points[prev] as Vec;
      const c = points[cur] as Vec;
      const back = Math.atan2(p[1] - c[1], p[0] - c[0]);
      let best = 0;
      let bestAngle = Number.POSITIVE_INFINITY;
      options.forEach((next, k) => {
        const n = points[next] as Vec;
        // Clockwise angle from the way back to this option: the smallest is the sharpest left turn.
        let angle = back - Math.atan2(n[1] - c[1], n[0] - c[0]);
        while (angle <= 0) angle += 2 * Math.PI;
        if (angle < bestAngle) {
          bestAngle = angle;
          best = k;
        }
      });
      const next = options.splice(best, 1)[0] as number;
      prev = cur;
      cur = next;
    }
    rings.push(ring.map((i) => points[i] as Vec));
  }
  return rings;
}

export interface PartitionOptions {
  /** Distance under which two computed vertices are the same vertex (projected units). */
  eps?: number;
}

/**
 * Partitions the outline among labels: each point of the outline goes to the
 * label of its nearest site on the same outline part. Returns, per label, its polygons (outer ring
 * counter-clockwise, holes clockwise), sorted by label.
 */
export function partitionByNearestSite(
  outline: readonly PolygonRings[],
  sites: readonly LabelledSite[],
  options: PartitionOptions = {},
): Map<string, PolygonRings[]> {
  const eps = options.eps ?? 1e-9;
  for (const [k, poly] of outline.entries()) {
    if (poly.length !== 1) throw new Error('outline polygons with holes are not supported');
    const ring = poly[0] as Ring;
    assertSimpleRing(ring, `outline part ${k}`);
    if (signedArea2(ring) <= 0) throw new Error(`outline part ${k} must be counter-clockwise`);
  }
  const all = outline.flatMap((p) => p[0] as Ring);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const pad = 1;
  const window: Ring = [
    [Math.min(...xs) - pad, Math.min(...ys) - pad],
    [Math.max(...xs) + pad, Math.min(...ys) - pad],
    [Math.max(...xs) + pad, Math.max(...ys) + pad],
    [Math.min(...xs) - pad, Math.max(...ys) + pad],
  ];
  // 1. Pieces: cell ∩ triangle, both convex. Each outline part (the mainland, an
  // island group) is shared among the sites on it only: an island district must
  // not reach across the water onto the mainland, nor the other way round.
  const vertices = new VertexIndex(eps);
  const pieces: { label: string; ids: number[] }[] = [];
  for (const [k, poly] of outline.entries()) {
    const ring = poly[0] as Ring;
    const own = sites.filter((s) => pointInRingStrict(s.at, ring));
    if (own.length === 0) throw new Error(`outline part ${k} holds no site`);
    const at = own.map((s) => s.at);
    const triangles = triangulate(ring);
    own.forEach((site, i) => {
      const cell = voronoiCell(at, i, window);
      for (const tri of triangles) {
        const piece = intersectConvex(cell, tri);
        if (piece.length < 3 || signedArea2(piece) <= eps * eps) continue;
        const ids = piece.map((p) => vertices.id(p)).filter((id, m, arr) => id !== arr[(m + 1) % arr.length]);
        if (ids.length >= 3) pieces.push({ label: site.label, ids });
      }
    });
  }

  // 2. Conforming subdivision: split every edge at the vertices lying on it (T-junctions).
  const points = vertices.points;
  const allIds = points.map((_, i) => i);
  const edgesByLabel = new Map<string, Map<string, number>>();
  for (const piece of pieces) {
    const counts = edgesByLabel.get(piece.label) ?? new Map<string, number>();
    edgesByLabel.set(piece.label, counts);
    for (let k = 0; k < piece.ids.length; k++) {
      const a = piece.ids[k] as number;
      const b = piece.ids[(k + 1) % piece.ids.length] as number;
      const chain = [a, ...verticesOnSegment(points, a, b, allIds, eps), b];
      for (let m = 0; m + 1 < chain.length; m++) {
        const from = chain[m] as number;
        const to = chain[m + 1] as number;
        // 3. Dissolve: an edge and its reverse within one label cancel out.
        const reverse = `${to}>${from}`;
        const back = counts.get(reverse) ?? 0;
        if (back > 0) counts.set(reverse, back - 1);
        else counts.set(`${from}>${to}`, (counts.get(`${from}>${to}`) ?? 0) + 1);
      }
    }
  }

  // 4. Chain the remaining edges into rings and nest the holes in their outers.
  const result = new Map<string, PolygonRings[]>();
  for (const label of [...edgesByLabel.keys()].sort()) {
    const edges: [number, number][] = [];
    for (const [key, count] of edgesByLabel.get(label) ?? []) {
      const [a, b] = key.split('>').map(Number) as [number, number];
      for (let c = 0; c < count; c++) edges.push([a, b]);
    }
    const rings = chainRings(points, edges)
      .map((r) => dropCollinear(r, eps))
      .filter((r) => r.length >= 3 && Math.abs(signedArea2(r)) > eps * eps);
    const outers = rings.filter((r) => signedArea2(r) > 0);
    const holes = rings.filter((r) => signedArea2(r) < 0);
    const polygons: PolygonRings[] = outers.map((o) => [o]);
    for (const hole of holes) {
      // The smallest outer ring holding the hole (a hole may touch its host at a vertex, so test them all).
      const host = polygons
        .filter((p) => hole.some((v) => pointInRingStrict(v, p[0] as Ring)))
        .sort((x, y) => signedArea2(x[0] as Ring) - signedArea2(y[0] as Ring))[0];
      if (!host) throw new Error(`${label}: a hole outside every outer ring`);
      host.push(hole);
    }
    result.set(label, polygons);
  }
  return result;
}
