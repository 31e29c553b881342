import {
  type Case,
  type Language,
  type Open311Value,
  open311Status,
  type WorkType,
  type WorkTypeQuestion,
  w3cDateTime,
} from '@citydesk/domain';
import { type CityRuntime, cityRuntime, configurationRepository } from '#platform/city-runtime.ts';

/*
 * What an Open311 jurisdiction is here, and how our data looks through it: one
 * jurisdiction_id per tenant (the city configuration's `jurisdictionId`), its
 * services (the city's enabled work types, with the tenant's questions as
 * attributes) and its requests (cases, public fields only unless the caller's key
 * may read them).
 */

export interface Jurisdiction {
  id: string;
  tenantId: string;
  runtime: CityRuntime;
}

/**
 * The tenant behind a jurisdiction_id, searched in every city of the deployment (a
 * handful). Each city's current configuration is one consistent read away and its
 * compiled form is cached, so a renamed or added jurisdiction counts at once.
 */
export async function findJurisdiction(jurisdictionId: string): Promise<Jurisdiction | undefined> {
  for (const city of await configurationRepository.listCities()) {
    const runtime = await cityRuntime(city.cityId);
    const tenant = runtime.config.tenants.find((t) => t.jurisdictionId === jurisdictionId);
    if (tenant) return { id: jurisdictionId, tenantId: tenant.id, runtime };
  }
  return undefined;
}

/** The jurisdiction_id of a tenant, for keys that name no jurisdiction. */
export function jurisdictionOfTenant(runtime: CityRuntime, tenantId: string): Jurisdiction | undefined {
  const tenant = runtime.config.tenants.find((t) => t.id === tenantId);
  return tenant ? { id: tenant.jurisdictionId, tenantId, runtime } : undefined;
}

/**
 * Work types a jurisdiction offers: enabled city-wide and by the tenant itself. A
 * district lists the metropolitan municipality's subjects too: citizens do not know
 * the Law 5216 split, and routing sends each request to its owner anyway.
 */
export function offeredWorkTypes(j: Jurisdiction): WorkType[] {
  const { runtime, tenantId } = j;
  return runtime.catalog.workTypes.filter(
    (w) =>
      runtime.overrideOf(runtime.metroTenantId, w.code)?.enabled !== false &&
      runtime.overrideOf(tenantId, w.code)?.enabled !== false,
  );
}

/**
 * The questions of a work type in a jurisdiction: the metropolitan municipality's
 * city-wide ones, then the tenant's own (which win on the same code), by `order`.
 */
export function questionsOf(j: Jurisdiction, workTypeCode: string): WorkTypeQuestion[] {
  const byCode = new Map<string, WorkTypeQuestion>();
  for (const q of j.runtime.overrideOf(j.runtime.metroTenantId, workTypeCode)?.questions ?? [])
    byCode.set(q.code, q);
  if (j.tenantId !== j.runtime.metroTenantId) {
    for (const q of j.runtime.overrideOf(j.tenantId, workTypeCode)?.questions ?? []) byCode.set(q.code, q);
  }
  return [...byCode.values()].sort((a, b) => a.order - b.order);
}

const groupName = (runtime: CityRuntime, code: string, lang: Language) =>
  runtime.catalog.groups.find((g) => g.code === code)?.name[lang] ?? code;

/** One `<service>` of GET services. */
export function serviceView(j: Jurisdiction, w: WorkType, lang: Language): Open311Value {
  return {
    service_code: w.code,
    service_name: w.name[lang],
    description: w.name[lang],
    metadata: questionsOf(j, w.code).length > 0,
    type: 'realtime',
    keywords: w.keywords.join(', '),
    group: groupName(j.runtime, w.group, lang),
  };
}

/** GET services/{code}: the attributes clients must ask for (`attribute[CODE]` when posting). */
export function serviceDefinitionView(j: Jurisdiction, w: WorkType, lang: Language): Open311Value {
  return {
    service_code: w.code,
    attributes: questionsOf(j, w.code).map((q) => ({
      variable: true,
      code: q.code,
      datatype: q.datatype,
      required: q.required,
      datatype_description: '',
      order: q.order,
      description: q.description[lang],
      ...(q.values ? { values: q.values.map((v) => ({ key: v.key, name: v.name[lang] })) } : {}),
    })),
  };
}

/** Who works the request now: the owning organisation and its unit. */
function agencyResponsible(runtime: CityRuntime, c: Case, lang: Language): string | undefined {
  if (!c.ownerTenantId) return undefined;
  const tenant = runtime.tenantsById.get(c.ownerTenantId);
  const department = c.ownerDepartmentCode ? runtime.departmentsByCode.get(c.ownerDepartmentCode) : undefined;
  return [tenant?.name ?? c.ownerTenantId, department?.name[lang]].filter(Boolean).join(' – ');
}

const isFinished = (c: Case) => c.status === 'RESOLVED' || c.status === 'CLOSED' || c.status === 'CANCELLED';

/**
 * One `<request>` of GET requests. Open311 GETs need no key, so by default the view
 * holds what the public track page shows (status, subject, organisation, the public
 * answer, times) plus the point on the map; the citizen's own words and address only
 * for a key of the owning tenant that may read cases.
 */
export function requestView(
  runtime: CityRuntime,
  c: Case,
  lang: Language,
  withCitizenText: boolean,
): Open311Value {
  const workType = runtime.workTypesByCode.get(c.workTypeCode);
  const agency = agencyResponsible(runtime, c, lang);
  return {
    service_request_id: c.trackingNo,
    status: open311Status(c.status),
    ...(c.result && isFinished(c) ? { status_notes: c.result.publicAnswer } : {}),
    service_name: workType?.name[lang] ?? c.workTypeCode,
    service_code: c.workTypeCode,
    ...(withCitizenText ? { description: c.description } : {}),
    ...(agency ? { agency_responsible: agency } : {}),
    requested_datetime: w3cDateTime(c.createdAt),
    updated_datetime: w3cDateTime(c.updatedAt),
    ...(isFinished(c) ? {} : { expected_datetime: w3cDateTime(c.slaDueAt) }),
    ...(withCitizenText && c.location?.address ? { address: c.location.address } : {}),
    ...(c.location ? { lat: c.location.lat, long: c.location.lon } : {}),
  };
}
