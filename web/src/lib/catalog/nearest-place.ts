import type { PublicCatalog } from '@citydesk/domain';

type Point = { lat: number; lon: number };
export type PublicNeighbourhood = PublicCatalog['neighbourhoods'][number];
export type PublicDistrict = PublicCatalog['districts'][number];

/** Great-circle distance in metres (haversine); plenty precise at city scale. */
export function distanceMetres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** Within this distance of a neighbourhood centroid, a dropped pin pre-selects that neighbourhood. */
const NEIGHBOURHOOD_SNAP_METRES = 1500;

/**
 * Suggests the district and neighbourhood for a map pin, to pre-fill the selects.
 * Only a suggestion: the pin itself is sent, and the server's district locator decides.
 */
export function suggestPlace(
  catalog: PublicCatalog,
  pin: Point,
): { district?: PublicDistrict; neighbourhood?: PublicNeighbourhood } {
  let neighbourhood: PublicNeighbourhood | undefined;
  let best = NEIGHBOURHOOD_SNAP_METRES;
  for (const n of catalog.neighbourhoods) {
    if (!n.centroid) continue;
    const d = distanceMetres(pin, n.centroid);
    if (d < best) {
      best = d;
      neighbourhood = n;
    }
  }
  if (neighbourhood) {
    const district = catalog.districts.find((d) => d.tenantId === neighbourhood?.districtTenantId);
    return district ? { district, neighbourhood } : { neighbourhood };
  }
  let district: PublicDistrict | undefined;
  let nearest = Number.POSITIVE_INFINITY;
  for (const d of catalog.districts) {
    const dist = distanceMetres(pin, d.seat);
    if (dist < nearest) {
      nearest = dist;
      district = d;
    }
  }
  return district ? { district } : {};
}
