import type { CityCatalog, DistrictBoundary, Neighbourhood, NeighbourhoodKind } from './catalog.ts';
import { distanceMetres, distanceToAreaMetres, foldTurkish, pointInArea } from './geo.ts';
import type { GeoPoint } from './tenant.ts';

/**
 * Which rule placed a location in a district:
 * - `district-polygon`: the point lies in the district's boundary polygon;
 * - `neighbourhood-name-at-boundary`: the point lies just across a border from
 *   the neighbourhood the citizen named, within the boundaries' error margin, so
 *   the name wins;
 * - `neighbourhood-name`: no usable point; a neighbourhood name unique in the city;
 * - `nearest-district-seat`: the point lies outside every polygon (at sea, or
 *   just across the approximate province border) and nothing else resolved it.
 */
export type LocateMethod =
  | 'district-polygon'
  | 'neighbourhood-name-at-boundary'
  | 'neighbourhood-name'
  | 'nearest-district-seat';

export interface LocatedNeighbourhood {
  name: string;
  kind: NeighbourhoodKind;
  /** By the name the citizen gave, or by the nearest known centroid of the district. */
  matchedBy: 'name' | 'nearest-centroid';
}

export interface DistrictMatch {
  districtTenantId: string;
  method: LocateMethod;
  neighbourhood?: LocatedNeighbourhood;
  /**
   * The named neighbourhood belongs to another district, too far from the point
   * to blame the approximate boundaries: either the point or the name is wrong.
   */
  conflict?: { neighbourhood: string; districtTenantId: string; distanceMetres: number };
}

/** Finds the district (and, where the data allows, the neighbourhood) of a location. */
export type DistrictLocator = (
  point: GeoPoint | undefined,
  neighbourhoodName?: string,
) => DistrictMatch | undefined;

export interface DistrictLocatorOptions {
  /**
   * How far across a border a named neighbourhood still wins over the polygon:
   * the error margin of the boundaries. Generated boundaries are off by a few
   * kilometres; official ones by metres (set it to ~50 then).
   */
  boundaryToleranceMetres?: number;
  /** Within this distance of a known neighbourhood centroid (in the located district) that neighbourhood is assumed. */
  neighbourhoodRadiusMetres?: number;
  /** A point further than this from every district seat is outside the city: no fallback. */
  maxSeatDistanceMetres?: number;
}

const DEFAULTS: Required<DistrictLocatorOptions> = {
  boundaryToleranceMetres: 3_000,
  // The demo centroids are hand-placed with errors up to ~1.5 km (balikesir.json).
  neighbourhoodRadiusMetres: 1_500,
  maxSeatDistanceMetres: 40_000,
};

/**
 * Builds the city's district locator. Order of evidence:
 *
 * 1. The point in a district polygon decides the district. A neighbourhood name,
 *    when it is unambiguous within that district, names the neighbourhood;
 *    without a name, the nearest known neighbourhood centroid of the district
 *    within the radius does (this is what tells a rural neighbourhood from the
 *    town). A name that belongs to another district wins only when the point is
 *    within the boundaries' error margin of that district; further away, the
 *    polygon stands and the disagreement is reported as a `conflict`.
 * 2. No point, or a point outside every polygon: a neighbourhood name unique in
 *    the city.
 * 3. Only then the nearest district seat, within `maxSeatDistanceMetres`.
 */
export function createDistrictLocator(
  catalog: CityCatalog,
  boundaries: readonly DistrictBoundary[],
  options: DistrictLocatorOptions = {},
): DistrictLocator {
  const opts = { ...DEFAULTS, ...options };
  const districts = catalog.tenants.filter((t) => t.type === 'district');
  // Sorted so that a point exactly on a shared border always goes to the same district.
  const polygons = [...boundaries].sort((a, b) => a.districtTenantId.localeCompare(b.districtTenantId));
  const polygonOf = new Map(polygons.map((b) => [b.districtTenantId, b.geometry]));
  const byName = new Map<string, Neighbourhood[]>();
  for (const n of catalog.neighbourhoods) {
    const key = foldTurkish(n.name);
    byName.set(key, [...(byName.get(key) ?? []), n]);
  }
  const named = (n: Neighbourhood): LocatedNeighbourhood => ({
    name: n.name,
    kind: n.kind,
    matchedBy: 'name',
  });

  const nearestCentroid = (point: GeoPoint, districtTenantId: string): LocatedNeighbourhood | undefined => {
    let best: { n: Neighbourhood; d: number } | undefined;
    for (const n of catalog.neighbourhoods) {
      if (n.districtTenantId !== districtTenantId || !n.centroid) continue;
      const d = distanceMetres(point, n.centroid);
      if (d <= opts.neighbourhoodRadiusMetres && (!best || d < best.d)) best = { n, d };
    }
    return best ? { name: best.n.name, kind: best.n.kind, matchedBy: 'nearest-centroid' } : undefined;
  };

  return function locate(point, neighbourhoodName) {
    const candidates = neighbourhoodName ? (byName.get(foldTurkish(neighbourhoodName)) ?? []) : [];
    const uniqueInCity = candidates.length === 1 ? candidates[0] : undefined;

    if (point) {
      const inside = polygons.find((b) => pointInArea(point, b.geometry) !== 'outside');
      if (inside) {
        const id = inside.districtTenantId;
        const own = candidates.filter((n) => n.districtTenantId === id);
        if (own.length === 1 && own[0])
          return { districtTenantId: id, method: 'district-polygon', neighbourhood: named(own[0]) };
        let conflict: DistrictMatch['conflict'];
        if (own.length === 0 && uniqueInCity) {
          const area = polygonOf.get(uniqueInCity.districtTenantId);
          const d = area ? distanceToAreaMetres(point, area) : Number.POSITIVE_INFINITY;
          if (d <= opts.boundaryToleranceMetres) {
            return {
              districtTenantId: uniqueInCity.districtTenantId,
              method: 'neighbourhood-name-at-boundary',
              neighbourhood: named(uniqueInCity),
            };
          }
          conflict = {
            neighbourhood: uniqueInCity.name,
            districtTenantId: uniqueInCity.districtTenantId,
            distanceMetres: Math.round(d),
          };
        }
        const guessed = nearestCentroid(point, id);
        return {
          districtTenantId: id,
          method: 'district-polygon',
          ...(guessed ? { neighbourhood: guessed } : {}),
          ...(conflict ? { conflict } : {}),
        };
      }
    }
    if (uniqueInCity) {
      return {
        districtTenantId: uniqueInCity.districtTenantId,
        method: 'neighbourhood-name',
        neighbourhood: named(uniqueInCity),
      };
    }
    if (!point) return undefined;
    let nearest: { id: string; d: number } | undefined;
    for (const t of districts) {
      const d = distanceMetres(point, t.seat);
      if (!nearest || d < nearest.d) nearest = { id: t.id, d };
    }
    if (!nearest || nearest.d > opts.maxSeatDistanceMetres) return undefined;
    const own = candidates.filter((n) => n.districtTenantId === nearest.id);
    return {
      districtTenantId: nearest.id,
      method: 'nearest-district-seat',
      ...(own.length === 1 && own[0] ? { neighbourhood: named(own[0]) } : {}),
    };
  };
}
