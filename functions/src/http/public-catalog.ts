import type { PublicCatalog } from '@citydesk/domain';
import { type CityRuntime, publicCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json } from '#platform/http-handler.ts';

/** Built once per configuration version: published versions never change. */
const built = new WeakMap<CityRuntime, PublicCatalog>();

function publicCatalog(runtime: CityRuntime): PublicCatalog {
  const { catalog, config, metroTenantId } = runtime;
  const { city } = config;
  return {
    version: catalog.version,
    cityId: runtime.cityId,
    cityName: catalog.cityName,
    configVersion: runtime.version,
    ...(Object.keys(city.contact).length ? { contact: city.contact } : {}),
    ...(city.logo ? { logo: city.logo } : {}),
    groups: catalog.groups,
    // The metropolitan municipality owns the standard catalogue: what it disables, no form offers.
    workTypes: catalog.workTypes.flatMap((w) => {
      const cityWide = runtime.overrideOf(metroTenantId, w.code);
      if (cityWide && !cityWide.enabled) return [];
      return [
        {
          code: w.code,
          name: w.name,
          group: w.group,
          kind: w.kind,
          requiresLocation: w.requiresLocation,
          keywords: w.keywords,
          tenantLevel: w.tenantLevel,
          departmentCode: w.departmentCode,
          ...(cityWide?.questions.length ? { questions: cityWide.questions } : {}),
        },
      ];
    }),
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
}

export const handler = httpHandler(async (req) => {
  const runtime = await publicCityRuntime(req.event.queryStringParameters);
  let body = built.get(runtime);
  if (!body) {
    body = publicCatalog(runtime);
    built.set(runtime, body);
  }
  // Short: an admin's catalogue change should reach the forms within a minute.
  return json(200, body, req.lang, { 'cache-control': 'public, max-age=60' });
});
