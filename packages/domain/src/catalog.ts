import * as z from 'zod';
import type { AreaGeometry } from './geo.ts';
import { Department, type GeoPoint, type Tenant, type TenantType } from './tenant.ts';
import { CaseKind, Priority, WorkType, type WorkTypeGroup } from './work-type.ts';

/*
 * The reference catalogue ships as the JSON files in ../catalog, exactly as the
 * domain experts wrote them. The raw schemas below pin their shape so that an
 * edited file that drifts fails loudly at load time instead of mis-routing cases.
 */

const RawLabel = z.object({ code: z.string(), tr: z.string(), en: z.string() }).strict();
const RawTenantLevel = z.enum(['metropolitan', 'district', 'water-utility']);

const RawWorkType = z
  .object({
    code: z.string(),
    name_tr: z.string(),
    name_en: z.string(),
    group: z.string(),
    kind: CaseKind,
    tenant_level: RawTenantLevel,
    department: RawLabel,
    sla_hours: z.number().int().positive(),
    default_priority: Priority,
    requires_location: z.boolean(),
    keywords_tr: z.array(z.string()).optional(),
    split_rule: z.string().optional(),
    external_referral: z.string().optional(),
    legal_basis: z.string().optional(),
    notes: z.string().optional(),
    seasonal: z.string().optional(),
    sensitive_data: z.string().optional(),
  })
  .strict();

const RawWorkTypeFile = z.object({
  meta: z.object({ version: z.string(), count: z.number().int() }).loose(),
  departments: z.array(RawLabel),
  groups: z.array(RawLabel),
  work_types: z.array(RawWorkType),
});

const RawPoint = z.object({ lat: z.number(), lon: z.number() }).loose();

const RawTenant = z
  .object({
    id: z.string(),
    type: RawTenantLevel,
    name: z.string(),
    municipality_tr: z.string().optional(),
    parent: z.string().optional(),
    seat: RawPoint,
    district_centroid: RawPoint.optional(),
    contact_channels: z.object({ call_centre: z.string().optional() }).loose().optional(),
  })
  .loose();

/** Urban, peri-urban or rural (a former village, a "kırsal mahalle" since Law 6360): split rules depend on it. */
export const NeighbourhoodKind = z.enum(['urban', 'peri-urban', 'rural']);
export type NeighbourhoodKind = z.infer<typeof NeighbourhoodKind>;

const RawNeighbourhood = z
  .object({ name: z.string(), kind: NeighbourhoodKind, centroid: RawPoint.optional() })
  .loose();

const RawCityFile = z.object({
  province: z.object({ name: z.string(), plate_code: z.number().int() }).loose(),
  tenants: z.array(RawTenant),
  neighbourhoods: z.record(z.string(), z.array(RawNeighbourhood)),
});

export interface Neighbourhood {
  name: string;
  districtTenantId: string;
  kind: NeighbourhoodKind;
  centroid?: GeoPoint;
}

export interface CityCatalog {
  cityId: string;
  cityName: string;
  version: string;
  tenants: Tenant[];
  departments: Department[];
  groups: WorkTypeGroup[];
  workTypes: WorkType[];
  neighbourhoods: Neighbourhood[];
  /** Approximate centre of each district's territory, where the data has one. */
  districtCentroids: Map<string, GeoPoint>;
}

const tenantType = (level: z.infer<typeof RawTenantLevel>): TenantType =>
  level === 'water-utility' ? 'utility' : level;

const point = (p: z.infer<typeof RawPoint>): GeoPoint => ({ lat: p.lat, lon: p.lon });

/** Short display names: the utility's acronym in brackets, the district's own name. */
function shortName(raw: z.infer<typeof RawTenant>): string {
  const acronym = /\(([^)]+)\)\s*$/.exec(raw.name)?.[1];
  if (acronym) return acronym;
  return raw.name.replace(/ Büyükşehir Belediyesi$/, ' BB');
}

/** Validates and converts the two raw reference files into the domain model. */
export function parseCityCatalog(
  workTypesJson: unknown,
  cityJson: unknown,
  cityId = 'balikesir',
): CityCatalog {
  const wt = RawWorkTypeFile.parse(workTypesJson);
  const city = RawCityFile.parse(cityJson);
  if (wt.work_types.length !== wt.meta.count) {
    throw new Error(`work-types.json declares ${wt.meta.count} work types but holds ${wt.work_types.length}`);
  }
  const codes = new Set<string>();
  for (const t of wt.work_types) {
    if (codes.has(t.code)) throw new Error(`duplicate work type code ${t.code}`);
    codes.add(t.code);
  }
  const tenants: Tenant[] = city.tenants.map((t) => ({
    id: t.id,
    cityId,
    type: tenantType(t.type),
    name: t.municipality_tr ?? t.name,
    shortName: shortName(t),
    ...(t.parent ? { parentId: t.parent } : {}),
    seat: point(t.seat),
    ...(t.contact_channels?.call_centre ? { callCentre: t.contact_channels.call_centre } : {}),
  }));
  const byDistrictName = new Map(
    tenants.filter((t) => t.type === 'district').map((t) => [t.shortName, t.id]),
  );
  const neighbourhoods: Neighbourhood[] = Object.entries(city.neighbourhoods).flatMap(([district, list]) => {
    const districtTenantId = byDistrictName.get(district);
    if (!districtTenantId) throw new Error(`neighbourhoods listed for unknown district ${district}`);
    return list.map((n) => ({
      name: n.name,
      districtTenantId,
      kind: n.kind,
      ...(n.centroid ? { centroid: point(n.centroid) } : {}),
    }));
  });
  const metros = tenants.filter((t) => t.type === 'metropolitan');
  if (metros.length !== 1)
    throw new Error(`a city has exactly one metropolitan tenant, found ${metros.length}`);
  const departments = wt.departments.map((d) =>
    Department.parse({ code: d.code, name: { tr: d.tr, en: d.en } }),
  );
  const departmentCodes = new Set(departments.map((d) => d.code));
  const workTypes = wt.work_types.map((t) => {
    if (!departmentCodes.has(t.department.code))
      throw new Error(`${t.code}: unknown department ${t.department.code}`);
    return WorkType.parse({
      code: t.code,
      name: { tr: t.name_tr, en: t.name_en },
      group: t.group,
      kind: t.kind,
      tenantLevel: tenantType(t.tenant_level),
      departmentCode: t.department.code,
      slaHours: t.sla_hours,
      defaultPriority: t.default_priority,
      requiresLocation: t.requires_location,
      keywords: t.keywords_tr ?? [],
      ...(t.split_rule ? { splitRule: t.split_rule } : {}),
      ...(t.external_referral ? { externalReferral: t.external_referral } : {}),
      ...(t.legal_basis ? { legalBasis: t.legal_basis } : {}),
      ...(t.sensitive_data ? { sensitiveData: t.sensitive_data } : {}),
      ...(t.seasonal ? { seasonal: t.seasonal } : {}),
    });
  });
  return {
    cityId,
    cityName: city.province.name,
    version: wt.meta.version,
    tenants,
    departments,
    groups: wt.groups.map((g) => ({ code: g.code, name: { tr: g.tr, en: g.en } })),
    workTypes,
    neighbourhoods,
    districtCentroids: new Map(
      city.tenants.filter((t) => t.district_centroid).map((t) => [t.id, point(t.district_centroid as never)]),
    ),
  };
}

/** The territory of one district municipality, as a Polygon or MultiPolygon (islands). */
export interface DistrictBoundary {
  districtTenantId: string;
  /** True for generated or hand-drawn shapes; false once replaced by official (TKGM / OSM) boundaries. */
  approximate: boolean;
  geometry: AreaGeometry;
}

const RawPosition = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const RawRing = z
  .array(RawPosition)
  .min(4)
  .refine((r) => r[0]?.[0] === r.at(-1)?.[0] && r[0]?.[1] === r.at(-1)?.[1], {
    error: 'a linear ring ends where it starts',
  });
const RawAreaGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(RawRing).min(1) }).strict(),
  z
    .object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(RawRing).min(1)).min(1) })
    .strict(),
]);
const RawBoundaryFile = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z
        .object({
          type: z.literal('Feature'),
          properties: z.object({ tenantId: z.string(), approximate: z.boolean() }).loose(),
          geometry: RawAreaGeometry,
        })
        .loose(),
    ),
  })
  .loose();

/**
 * Validates a GeoJSON FeatureCollection of district boundaries (one feature per
 * district tenant, `properties.tenantId`) against the city's tenants.
 */
export function parseDistrictBoundaries(geojson: unknown, catalog: CityCatalog): DistrictBoundary[] {
  const file = RawBoundaryFile.parse(geojson);
  const districts = new Set(catalog.tenants.filter((t) => t.type === 'district').map((t) => t.id));
  const seen = new Set<string>();
  const boundaries = file.features.map((f) => {
    const id = f.properties.tenantId;
    if (!districts.has(id))
      throw new Error(`boundary for ${id}, which is not a district of ${catalog.cityId}`);
    if (seen.has(id)) throw new Error(`two boundaries for ${id}`);
    seen.add(id);
    return { districtTenantId: id, approximate: f.properties.approximate, geometry: f.geometry };
  });
  const missing = [...districts].filter((d) => !seen.has(d));
  if (missing.length > 0) throw new Error(`no boundary for ${missing.join(', ')}`);
  return boundaries;
}
