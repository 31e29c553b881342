import type { CityCatalog, Neighbourhood } from './catalog.ts';
import { distanceMetres, foldTurkish } from './geo.ts';
import type { GeoPoint } from './tenant.ts';

export type LocateMethod = 'neighbourhood-name' | 'neighbourhood-centroid' | 'nearest-district-seat';

export interface DistrictMatch {
  districtTenantId: string;
  method: LocateMethod;
  neighbourhood?: string;
}

/** Within this distance of a known neighbourhood centroid, the neighbourhood decides. */
const NEIGHBOURHOOD_RADIUS_M = 1_500;
/** Points further than this from every district seat are outside the city. */
const MAX_SEAT_DISTANCE_M = 60_000;

/**
 * Finds the district municipality whose territory holds a location.
 *
 * The demo data has no official boundaries yet (issue: tenant administration adds
 * GeoJSON polygons), so the order is: an exact neighbourhood name the citizen gave,
 * then the nearest known neighbourhood centroid within 1.5 km (this separates the two
 * central districts Karesi and Altıeylül, whose seats are 2 km apart), then the
 * nearest district seat: a Voronoi approximation of the district map.
 */
export function createDistrictLocator(catalog: CityCatalog) {
  const districts = catalog.tenants.filter((t) => t.type === 'district');
  const byName = new Map<string, Neighbourhood[]>();
  for (const n of catalog.neighbourhoods) {
    const key = foldTurkish(n.name);
    byName.set(key, [...(byName.get(key) ?? []), n]);
  }
  const withCentroid = catalog.neighbourhoods.filter((n) => n.centroid);

  return function locate(point: GeoPoint | undefined, neighbourhoodName?: string): DistrictMatch | undefined {
    if (neighbourhoodName) {
      const candidates = byName.get(foldTurkish(neighbourhoodName)) ?? [];
      // A name shared by two districts is ambiguous: fall through to geography.
      const [only] = candidates;
      if (only && candidates.length === 1) {
        return {
          districtTenantId: only.districtTenantId,
          method: 'neighbourhood-name',
          neighbourhood: only.name,
        };
      }
    }
    if (!point) return undefined;
    let nearestN: { n: Neighbourhood; d: number } | undefined;
    for (const n of withCentroid) {
      const d = distanceMetres(point, n.centroid as GeoPoint);
      if (!nearestN || d < nearestN.d) nearestN = { n, d };
    }
    if (nearestN && nearestN.d <= NEIGHBOURHOOD_RADIUS_M) {
      return {
        districtTenantId: nearestN.n.districtTenantId,
        method: 'neighbourhood-centroid',
        neighbourhood: nearestN.n.name,
      };
    }
    let nearestSeat: { id: string; d: number } | undefined;
    for (const t of districts) {
      const d = distanceMetres(point, t.seat);
      if (!nearestSeat || d < nearestSeat.d) nearestSeat = { id: t.id, d };
    }
    if (!nearestSeat || nearestSeat.d > MAX_SEAT_DISTANCE_M) return undefined;
    return { districtTenantId: nearestSeat.id, method: 'nearest-district-seat' };
  };
}
export type DistrictLocator = ReturnType<typeof createDistrictLocator>;
