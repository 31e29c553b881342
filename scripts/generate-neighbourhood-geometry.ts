/**
 * Generates approximate neighbourhood polygons for the analytics maps from the
 * only neighbourhood geography the city configuration has: one hand-placed
 * centroid per neighbourhood. Each neighbourhood gets the part of its district
 * that is nearer to its centroid than to any other of the district's centroids
 * (a Voronoi cell), limited to a reach around the centroid that depends on the
 * neighbourhood's kind, and clipped to the district's boundary. Method, accuracy
 * and how to replace the result with official polygons: docs/domain/maps.md.
 *
 *   npm run geo:neighbourhoods              # writes every demo city's file
 *   npm run geo:neighbourhoods -- --check   # fails if a file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type CityConfiguration,
  type GeoPoint,
  neighbourhoodAreaId,
  parseCityConfiguration,
} from '@citydesk/domain';
import { intersection } from 'polyclip-ts';
import { intersectConvex, type Ring, signedArea2, type Vec, voronoiCell } from './lib/planar-partition.ts';

const citiesDir = new URL('../packages/domain/catalog/cities/', import.meta.url);

/** The demo cities whose configuration lists neighbourhood centroids. */
export const DEMO_CITIES = ['balikesir', 'ornekkent'] as const;
export const cityFile = (cityId: string) => new URL(`${cityId}.json`, citiesDir);
export const neighbourhoodGeometryFile = (cityId: string) =>
  new URL(`${cityId}-neighbourhoods.json`, citiesDir);

/** Output precision: 5 decimals of a degree is about 1 m, far below the method's error. */
const DECIMALS = 5;

/**
 * How far a neighbourhood reaches from its centroid, in metres. A Voronoi cell alone
 * would hand a town-edge neighbourhood every field up to the next village; capping
 * the reach keeps urban polygons urban and leaves unknown countryside unclaimed.
 */
export const REACH_METRES = { urban: 1_200, 'peri-urban': 2_500, rural: 5_000 } as const;
/** Vertices of the reach disc: enough for a round look, few enough to stay small. */
const DISC_VERTICES = 24;
const METRES_PER_DEGREE = 111_320;

type Position = [number, number];
type PolygonCoordinates = Position[][];

const round = (v: number) => Number(v.toFixed(DECIMALS));

/** Equirectangular projection around a latitude: distances right to well under 1% over a district. */
function projection(lat0: number) {
  const k = Math.cos((lat0 * Math.PI) / 180);
  return {
    forward: (lon: number, lat: number): Vec => [lon * k, lat],
    inverse: (p: readonly number[]): Position => [round((p[0] ?? 0) / k), round(p[1] ?? 0)],
  };
}

/** A regular polygon around `centre` (projected degrees of latitude), counter-clockwise. */
function disc(centre: Vec, radiusMetres: number): Ring {
  const r = radiusMetres / METRES_PER_DEGREE;
  return Array.from({ length: DISC_VERTICES }, (_, i) => {
    const a = (2 * Math.PI * i) / DISC_VERTICES;
    return [centre[0] + r * Math.cos(a), centre[1] + r * Math.sin(a)] as const;
  });
}

/** A closed ring after rounding: repeated points dropped, or null when it collapsed. */
function closeRounded(ring: readonly Position[]): Position[] | null {
  const out: Position[] = [];
  for (const p of ring) {
    const last = out.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out.at(-1);
  if (first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  if (out.length < 3 || signedArea2(out) === 0) return null;
  return [...out, out[0] as Position];
}

/**
 * The neighbourhood FeatureCollection of one city configuration: one feature per
 * neighbourhood with a centroid in a district with a boundary, `id` and
 * `properties.areaId` = the analytics contract's area id.
 */
export function generateNeighbourhoodGeometry(config: CityConfiguration) {
  const features = [];
  for (const district of config.tenants.filter((t) => t.type === 'district')) {
    const own = config.neighbourhoods.filter(
      (n): n is typeof n & { centroid: GeoPoint } => n.districtTenantId === district.id && !!n.centroid,
    );
    if (own.length === 0 || !district.boundary) continue;
    const boundary = district.boundary;
    const parts = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
    const lats = parts.flatMap((p) => p.flatMap((r) => r.map((q) => q[1] as number)));
    const proj = projection((Math.min(...lats) + Math.max(...lats)) / 2);
    const projected = parts.map((p) =>
      p.map((r) => r.map(([lon, lat]) => [...proj.forward(lon as number, lat as number)] as Position)),
    );
    const sites = own.map((n) => proj.forward(n.centroid.lon, n.centroid.lat));
    const xs = projected.flat(2).map((p) => p[0]);
    const ys = projected.flat(2).map((p) => p[1]);
    const pad = 1;
    const window: Ring = [
      [Math.min(...xs) - pad, Math.min(...ys) - pad],
      [Math.max(...xs) + pad, Math.min(...ys) - pad],
      [Math.max(...xs) + pad, Math.max(...ys) + pad],
      [Math.min(...xs) - pad, Math.max(...ys) + pad],
    ];
    for (const [i, n] of own.entries()) {
      const reach = intersectConvex(
        voronoiCell(sites, i, window),
        disc(sites[i] as Vec, REACH_METRES[n.kind]),
      );
      if (reach.length < 3) continue;
      const pieces = intersection(
        [[...reach.map((p) => [p[0], p[1]] as Position), [reach[0]?.[0] ?? 0, reach[0]?.[1] ?? 0]]],
        projected,
      );
      const polygons = pieces
        .map((poly) => poly.map((ring) => closeRounded(ring.map((p) => proj.inverse(p)))))
        .filter((poly) => poly[0] !== null)
        .map((poly) => poly.filter((ring): ring is Position[] => ring !== null));
      if (polygons.length === 0) continue;
      const areaId = neighbourhoodAreaId(district.id, n.name);
      features.push({
        type: 'Feature' as const,
        id: areaId,
        properties: {
          areaId,
          name: n.name,
          districtTenantId: district.id,
          kind: n.kind,
          approximate: true,
        },
        geometry:
          polygons.length === 1
            ? { type: 'Polygon' as const, coordinates: polygons[0] as PolygonCoordinates }
            : { type: 'MultiPolygon' as const, coordinates: polygons },
      });
    }
  }
  features.sort((a, b) => a.id.localeCompare(b.id, 'en'));
  return {
    type: 'FeatureCollection' as const,
    metadata: {
      city: config.city.id,
      approximate: true,
      generator: 'scripts/generate-neighbourhood-geometry.ts',
      method: `Voronoi cells of the neighbourhood centroids of each district, limited to ${REACH_METRES.urban} m (urban), ${REACH_METRES['peri-urban']} m (peri-urban) or ${REACH_METRES.rural} m (rural) around the centroid, clipped to the district boundary.`,
      accuracy:
        'Approximate: the centroids are hand-placed estimates and the borders are halfway lines between them. For display only, never for routing, legal or cadastral use; see docs/domain/maps.md.',
    },
    features,
  };
}

const readJson = (file: URL): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** A demo city's neighbourhood geometry, generated from its configuration file. */
export function generateDemoCityNeighbourhoods(cityId: string) {
  return generateNeighbourhoodGeometry(parseCityConfiguration(readJson(cityFile(cityId))));
}

function main(): void {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const cityId of DEMO_CITIES) {
    const file = neighbourhoodGeometryFile(cityId);
    const generated = generateDemoCityNeighbourhoods(cityId);
    if (check) {
      let current: unknown;
      try {
        current = readJson(file);
      } catch {
        current = undefined;
      }
      if (JSON.stringify(current) !== JSON.stringify(generated)) {
        console.error(`${fileURLToPath(file)} is stale: run npm run geo:neighbourhoods`);
        stale = true;
      }
      continue;
    }
    writeFileSync(file, `${JSON.stringify(generated, null, 2)}\n`);
    console.log(`wrote ${generated.features.length} neighbourhoods to ${fileURLToPath(file)}`);
  }
  if (stale) process.exit(1);
  if (check) console.log('neighbourhood geometry is up to date');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
