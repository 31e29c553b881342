import type {
  AreaGeometry,
  CityConfiguration,
  ConfiguredTenant,
  GeoPoint,
  OrganisationContact,
} from '@citydesk/domain';
import { authedRequest } from './authed-fetch.ts';

/*
 * City and tenant setup for platform operators (functions/src/http/platform-cities.ts).
 * Each change publishes a new configuration version, conditional on the version
 * the operator loaded: a 409 means someone published meanwhile.
 */

/** One city of this deployment, as the cities table shows it. */
export interface PlatformCity {
  cityId: string;
  name: string;
  currentVersion: number;
  updatedAt: string;
}

/** One published configuration version (onboarding, import, an added tenant, a tenant's settings). */
export interface ConfigurationVersion {
  cityId: string;
  version: number;
  publishedAt: string;
  publishedBy: string;
  summary: string;
  tenantId?: string;
}

/** A new district or utility: what the "Add organisation" form sends. */
export interface TenantAddition {
  expectedVersion: number;
  tenant: Pick<ConfiguredTenant, 'id' | 'type' | 'name' | 'shortName' | 'seat' | 'jurisdictionId'> & {
    parentId: string;
    centroid?: GeoPoint;
    /** GeoJSON [lon, lat]; checked by the server against the city and the other districts. */
    boundary?: AreaGeometry;
    approximateBoundary?: boolean;
    /** The contact details the citizen pages show; the tenant's admins keep them up to date. */
    settings?: { contact?: OrganisationContact };
  };
  neighbourhoods?: { name: string; districtTenantId: string; kind: 'urban' | 'peri-urban' | 'rural' }[];
}

const base = '/v1/platform/cities';
const city = (cityId: string) => `${base}/${encodeURIComponent(cityId)}`;

export const listCities = () => authedRequest<{ items: PlatformCity[] }>('GET', base);

/** Onboards a city from its whole document; the document's `city.id` names it. */
export const onboardCity = (document: unknown) =>
  authedRequest<ConfigurationVersion & { tenants: string[] }>('POST', base, { body: document });

/** The current document and its version (the export, and the base of every change). */
export const getCityConfiguration = (cityId: string) =>
  authedRequest<{ version: number; configuration: CityConfiguration }>(
    'GET',
    `${city(cityId)}/configuration`,
  );

export const importCityConfiguration = (cityId: string, expectedVersion: number, configuration: unknown) =>
  authedRequest<ConfigurationVersion>('PUT', `${city(cityId)}/configuration`, {
    body: { expectedVersion, configuration },
  });

export const addTenant = (cityId: string, body: TenantAddition) =>
  authedRequest<ConfigurationVersion>('POST', `${city(cityId)}/tenants`, { body });

export const listCityVersions = (cityId: string) =>
  authedRequest<{ items: ConfigurationVersion[] }>('GET', `${city(cityId)}/versions`);
