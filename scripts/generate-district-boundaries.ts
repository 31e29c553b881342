/**
 * Generates approximate district boundaries for a city from the points the
 * reference data has: each district's seat, its territory centroid where known
 * its neighbourhoods' centroids and a few hand-placed settlements (anchors). Every point of the province outline goes
 * to the district of its nearest such point (Voronoi cells, dissolved per
 * district, clipped to the outline). Method, accuracy and how to replace the
 * result with official boundaries: docs/domain/district-boundaries.md.
 *
 *   npx tsx scripts/generate-district-boundaries.ts            # writes the demo city's file
 *   npx tsx scripts/generate-district-boundaries.ts --check    # fails if the file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CityCatalog, type GeoPoint, parseCityCatalog, pointInArea } from '@citydesk/domain';
import * as z from 'zod';
import {
  type LabelledSite,
  type PolygonRings,
  partitionByNearestSite,
  type Vec,
} from './lib/planar-partition.ts';

const catalogDir = new URL('../packages/domain/catalog/', import.meta.url);
const DEMO_CITY_FILE = new URL('balikesir.json', catalogDir);
const DEMO_WORK_TYPES_FILE = new URL('work-types.json', catalogDir);
const DEMO_ANCHORS_FILE = new URL('balikesir-boundary-anchors.json', catalogDir);
export const DEMO_OUTLINE_FILE = new URL('balikesir-province-outline.json', catalogDir);
export const DEMO_BOUNDARIES_FILE = new URL('balikesir-district-boundaries.json', catalogDir);

/** Output precision: 5 decimals of a degree is about 1 m, far below the method's error. */
const DECIMALS = 5;

const Position = z.tuple([z.number(), z.number()]);
const AnchorsFile = z
  .object({
    anchors: z.array(
      z.object({ name: z.string(), district: z.string(), lat: z.number(), lon: z.number() }).strict(),
    ),
  })
  .loose();
const OutlineFile = z
  .object({
    type: z.literal('Feature'),
    geometry: z.discriminatedUnion('type', [
      z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)).length(1) }),
      z.object({
        type: z.literal('MultiPolygon'),
        coordinates: z.array(z.array(z.array(Position)).length(1)).min(1),
      }),
    ]),
  })
  .loose();

/**
 * Equirectangular projection around the outline's mean latitude: Voronoi cells
 * need distances, and a degree of longitude is only ~0.77 of a degree of
 * latitude at 40°N. Over the ~1.7° of latitude of a province the scale error
 * stays under 2%, far below the method's own error.
 */
function projection(lat0: number) {
  const k = Math.cos((lat0 * Math.PI) / 180);
  return {
    forward: (lon: number, lat: number): Vec => [lon * k, lat],
    inverse: (p: Vec): [number, number] => [round(p[0] / k), round(p[1])],
  };
}

const round = (v: number) => Number(v.toFixed(DECIMALS));

/** Open ring (no repeated closing point) from a GeoJSON ring. */
const openRing = (ring: [number, number][]) => {
  const first = ring[0];
  const last = ring.at(-1);
  return first && last && first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring;
};

/**
 * The generator sites of one city, each labelled with the district tenant it
 * belongs to: seats, territory centroids, neighbourhood centroids, and the
 * anchors (named settlements placed by hand, `{ anchors: [{ name, district, lat, lon }] }`).
 */
export function districtSites(
  catalog: CityCatalog,
  anchorsJson: unknown = { anchors: [] },
): { point: GeoPoint; tenantId: string; what: string }[] {
  const sites: { point: GeoPoint; tenantId: string; what: string }[] = [];
  const byName = new Map(
    catalog.tenants.filter((t) => t.type === 'district').map((t) => [t.shortName, t.id]),
  );
  for (const a of AnchorsFile.parse(anchorsJson).anchors) {
    const tenantId = byName.get(a.district);
    if (!tenantId) throw new Error(`anchor ${a.name}: unknown district ${a.district}`);
    sites.push({ point: { lat: a.lat, lon: a.lon }, tenantId, what: `${a.name} anchor` });
  }
  for (const t of catalog.tenants.filter((x) => x.type === 'district')) {
    sites.push({ point: t.seat, tenantId: t.id, what: `${t.shortName} seat` });
    const centroid = catalog.districtCentroids.get(t.id);
    if (centroid) sites.push({ point: centroid, tenantId: t.id, what: `${t.shortName} territory centroid` });
  }
  for (const n of catalog.neighbourhoods) {
    if (n.centroid)
      sites.push({ point: n.centroid, tenantId: n.districtTenantId, what: `${n.name} centroid` });
  }
  return sites;
}

/** Builds the boundary FeatureCollection for a catalogue and a province outline (a GeoJSON Feature). */
export function generateDistrictBoundaries(
  catalog: CityCatalog,
  outlineJson: unknown,
  anchorsJson?: unknown,
) {
  const outline = OutlineFile.parse(outlineJson);
  const parts =
    outline.geometry.type === 'Polygon' ? [outline.geometry.coordinates] : outline.geometry.coordinates;
  const lats = parts.flatMap((p) => p.flatMap((r) => r.map((q) => q[1])));
  const proj = projection((Math.min(...lats) + Math.max(...lats)) / 2);

  const sites = districtSites(catalog, anchorsJson);
  const byKey = new Map<string, (typeof sites)[number]>();
  for (const s of sites) {
    if (pointInArea(s.point, outline.geometry) === 'outside')
      throw new Error(`${s.what} (${s.point.lat}, ${s.point.lon}) lies outside the province outline`);
    const key = `${s.point.lon},${s.point.lat}`;
    const other = byKey.get(key);
    if (other && other.tenantId !== s.tenantId)
      throw new Error(`${s.what} and ${other.what} share a point but belong to different districts`);
    byKey.set(key, s);
  }
  const labelled: LabelledSite[] = [...byKey.values()].map((s) => ({
    at: proj.forward(s.point.lon, s.point.lat),
    label: s.tenantId,
  }));
  const outlineRings: PolygonRings[] = parts.map((p) => [
    openRing(p[0] as [number, number][]).map(([lon, lat]) => proj.forward(lon, lat)),
  ]);
  const partition = partitionByNearestSite(outlineRings, labelled);

  const closed = (ring: Vec[]) => {
    const out = ring.map((p) => proj.inverse(p));
    return [...out, out[0] as [number, number]];
  };
  const features = catalog.tenants
    .filter((t) => t.type === 'district')
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((t) => {
      const polygons = partition.get(t.id);
      if (!polygons || polygons.length === 0) throw new Error(`${t.id}: no territory left after clipping`);
      const coordinates = polygons.map((rings) => rings.map(closed));
      return {
        type: 'Feature' as const,
        id: t.id,
        properties: {
          tenantId: t.id,
          name: t.shortName,
          approximate: true,
          sites: labelled.filter((s) => s.label === t.id).length,
        },
        geometry:
          coordinates.length === 1
            ? { type: 'Polygon' as const, coordinates: coordinates[0] as [number, number][][] }
            : { type: 'MultiPolygon' as const, coordinates },
      };
    });
  return {
    type: 'FeatureCollection' as const,
    metadata: {
      city: catalog.cityId,
      approximate: true,
      generator: 'scripts/generate-district-boundaries.ts',
      method:
        'Voronoi cells of district seats, territory centroids and neighbourhood centroids from balikesir.json and the settlements of balikesir-boundary-anchors.json, dissolved per district and clipped to balikesir-province-outline.json.',
      accuracy:
        'Approximate: borders can be off by several kilometres (more in rural areas with few known points). Do not use for legal or cadastral purposes; see docs/domain/district-boundaries.md.',
    },
    features,
  };
}

const readJson = (file: URL): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** The demo city's boundaries, generated from the files in packages/domain/catalog. */
export function generateDemoCityBoundaries() {
  // Read the raw files rather than the demo-city module: that module imports the output.
  const catalog = parseCityCatalog(readJson(DEMO_WORK_TYPES_FILE), readJson(DEMO_CITY_FILE), 'balikesir');
  return generateDistrictBoundaries(catalog, readJson(DEMO_OUTLINE_FILE), readJson(DEMO_ANCHORS_FILE));
}

function main(): void {
  const check = process.argv.includes('--check');
  const generated = generateDemoCityBoundaries();
  if (check) {
    const current = readJson(DEMO_BOUNDARIES_FILE);
    if (JSON.stringify(current) !== JSON.stringify(generated)) {
      console.error(`${fileURLToPath(DEMO_BOUNDARIES_FILE)} is stale: run this script without --check`);
      process.exit(1);
    }
    console.log('district boundaries are up to date');
    return;
  }
  writeFileSync(DEMO_BOUNDARIES_FILE, `${JSON.stringify(generated, null, 2)}\n`);
  console.log(
    `wrote ${generated.features.length} district boundaries to ${fileURLToPath(DEMO_BOUNDARIES_FILE)}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
