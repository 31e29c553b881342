import { CityConfigurationRepository, createDocumentClient, mainTable, requireEnv } from '@citydesk/data';
import {
  type BusinessCalendar,
  type CityCatalog,
  type CityConfiguration,
  compileBoundaries,
  compileCatalog,
  compileRoutingConfig,
  createBusinessCalendar,
  createDistrictLocator,
  type Department,
  effectiveWorkType,
  type RoutingContext,
  type Tenant,
  TenantId,
  type TenantSettings,
  type WorkType,
  type WorkTypeOverride,
} from '@citydesk/domain';
import { validate } from './http-handler.ts';
import { ProblemError } from './problem-details.ts';

/*
 * A city's configuration at one version, compiled for use: the catalogue, the
 * routing context with its district locator, and each tenant's settings. Published
 * versions never change, so a compiled version is cached for the life of the
 * process; only the pointer to the current version is read per request (one
 * strongly consistent GetItem), so an admin's change takes effect on the next
 * request in every function without a redeploy.
 */

export interface CityRuntime {
  cityId: string;
  version: number;
  config: CityConfiguration;
  catalog: CityCatalog;
  routing: RoutingContext;
  metroTenantId: string;
  tenantsById: ReadonlyMap<string, Tenant>;
  departmentsByCode: ReadonlyMap<string, Department>;
  /** The standard catalogue, without any tenant's overrides. */
  workTypesByCode: ReadonlyMap<string, WorkType>;
  settingsOf(tenantId: string): TenantSettings | undefined;
  overrideOf(tenantId: string | undefined, workTypeCode: string): WorkTypeOverride | undefined;
  /** A work type as `tenantId` works it (its SLA hours, priority, department); standard without a tenant. */
  workTypeFor(workTypeCode: string, tenantId?: string): WorkType | undefined;
  /** A tenant's business calendar; without one (a case not routed yet), the metropolitan call centre's. */
  calendarFor(tenantId?: string): BusinessCalendar;
}

export const configurationRepository = new CityConfigurationRepository(
  createDocumentClient(),
  requireEnv(mainTable.envVar),
);

/** The city of the deployment's public pages when a request names none. */
export const defaultCityId = process.env.CITY_ID ?? 'balikesir';

const compiled = new Map<string, CityRuntime>();
const cityOfTenant = new Map<string, string>();

export function compileCityRuntime(cityId: string, version: number, config: CityConfiguration): CityRuntime {
  const catalog = compileCatalog(config);
  const settings = new Map(config.tenants.map((t) => [t.id, t.settings]));
  const overrides = new Map(
    config.tenants.map((t) => [t.id, new Map(t.settings.workTypeOverrides.map((o) => [o.workTypeCode, o]))]),
  );
  const routing: RoutingContext = {
    catalog,
    config: compileRoutingConfig(config),
    locate: createDistrictLocator(catalog, compileBoundaries(config)),
    tenantSetting: (tenantId, code) => overrides.get(tenantId)?.get(code),
  };
  const metro = config.tenants.find((t) => t.type === 'metropolitan');
  if (!metro) throw new Error(`${cityId} v${version}: no metropolitan tenant`);
  const calendars = new Map(config.tenants.map((t) => [t.id, createBusinessCalendar(t.settings.calendar)]));
  const workTypesByCode = new Map(catalog.workTypes.map((w) => [w.code, w]));
  const overrideOf = (tenantId: string | undefined, code: string) =>
    tenantId ? overrides.get(tenantId)?.get(code) : undefined;
  return {
    cityId,
    version,
    config,
    catalog,
    routing,
    metroTenantId: metro.id,
    tenantsById: new Map(catalog.tenants.map((t) => [t.id, t])),
    departmentsByCode: new Map(catalog.departments.map((d) => [d.code, d])),
    workTypesByCode,
    settingsOf: (tenantId) => settings.get(tenantId),
    overrideOf,
    workTypeFor: (code, tenantId) => {
      const standard = workTypesByCode.get(code);
      return standard && effectiveWorkType(standard, overrideOf(tenantId, code));
    },
    calendarFor: (tenantId) =>
      calendars.get(tenantId ?? metro.id) ?? (calendars.get(metro.id) as BusinessCalendar),
  };
}

function notOnboarded(cityId: string): ProblemError {
  return new ProblemError('city-not-found', {
    tr: `${cityId} şehri bu kurulumda tanımlı değil.`,
    en: `The city ${cityId} is not set up in this deployment.`,
  });
}

/**
 * The city's configuration at `version`, or at its current version. Throws a 404
 * problem for a city that was never onboarded.
 */
export async function cityRuntime(cityId: string, version?: number): Promise<CityRuntime> {
  const wanted = version ?? (await configurationRepository.currentVersion(cityId));
  if (wanted === undefined) throw notOnboarded(cityId);
  const key = `${cityId}#${wanted}`;
  let runtime = compiled.get(key);
  if (!runtime) {
    const stored = await configurationRepository.get<CityConfiguration>(cityId, wanted);
    if (!stored) throw notOnboarded(cityId);
    // Stored documents were validated before publishing; they are trusted here.
    runtime = compileCityRuntime(cityId, wanted, stored.document);
    compiled.set(key, runtime);
  }
  return runtime;
}

/** The city a tenant belongs to, or undefined for an unknown tenant (cached: tenants never move). */
export async function cityIdOfTenant(tenantId: string): Promise<string | undefined> {
  let cityId = cityOfTenant.get(tenantId);
  if (!cityId) {
    cityId = await configurationRepository.cityOfTenant(tenantId);
    if (cityId) cityOfTenant.set(tenantId, cityId);
  }
  return cityId;
}

/** The current configuration of a tenant's city, or undefined for an unknown tenant. */
export async function tenantCityRuntime(tenantId: string): Promise<CityRuntime | undefined> {
  const cityId = await cityIdOfTenant(tenantId);
  if (!cityId) return undefined;
  const runtime = await cityRuntime(cityId);
  return runtime.tenantsById.has(tenantId) ? runtime : undefined;
}

/** The configuration a case was opened under (its SLA and routing are explained by it). */
export function caseCityRuntime(c: {
  cityId: string;
  configVersion?: number | undefined;
}): Promise<CityRuntime> {
  return cityRuntime(c.cityId, c.configVersion);
}

/** The city of a public request: `?city=` or the deployment's default city. */
export function publicCityRuntime(
  query: Record<string, string | undefined> | undefined,
): Promise<CityRuntime> {
  return cityRuntime(query?.city === undefined ? defaultCityId : validate(TenantId, query.city));
}
