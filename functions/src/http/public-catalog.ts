import type { PublicCatalog } from '@citydesk/domain';
import { catalog } from '#platform/catalog-runtime.ts';
import { httpHandler, json } from '#platform/http-handler.ts';

/** Built once per process: the catalogue only changes with a deployment (for now). */
const body: PublicCatalog = {
  version: catalog.version,
  cityName: catalog.cityName,
  groups: catalog.groups,
  workTypes: catalog.workTypes.map((w) => ({
    code: w.code,
    name: w.name,
    group: w.group,
    kind: w.kind,
    requiresLocation: w.requiresLocation,
    keywords: w.keywords,
    tenantLevel: w.tenantLevel,
    departmentCode: w.departmentCode,
  })),
  districts: catalog.tenants
    .filter((t) => t.type === 'district')
    .map((t) => ({ tenantId: t.id, name: t.shortName, seat: t.seat })),
  tenants: catalog.tenants.map((t) => ({ id: t.id, type: t.type, name: t.name, shortName: t.shortName })),
  departments: catalog.departments.map((d) => ({ code: d.code, name: d.name })),
  neighbourhoods: catalog.neighbourhoods.map((n) => ({
    name: n.name,
    districtTenantId: n.districtTenantId,
    ...(n.centroid ? { centroid: n.centroid } : {}),
  })),
};

export const handler = httpHandler(async ({ lang }) =>
  json(200, body, lang, { 'cache-control': 'public, max-age=300' }),
);
