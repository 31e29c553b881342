import { createDistrictLocator, type RoutingContext } from '@citydesk/domain';
import { demoCityBoundaries, demoCityCatalog, demoRoutingConfig } from '@citydesk/domain/demo-city';

/*
 * The city's reference data and routing configuration, loaded, validated and
 * indexed once per process (cold start). A config that does not fit the
 * catalogue fails here, at start-up, rather than mis-routing cases later.
 * Tenant-specific catalogue overrides arrive with tenant administration.
 */

export const catalog = demoCityCatalog();
export const districtBoundaries = demoCityBoundaries();
export const routingConfig = demoRoutingConfig();
export const locateDistrict = createDistrictLocator(catalog, districtBoundaries);
/** Everything `decideRouting` needs about the city. */
export const routingContext: RoutingContext = { catalog, config: routingConfig, locate: locateDistrict };
export const workTypesByCode = new Map(catalog.workTypes.map((w) => [w.code, w]));
export const tenantsById = new Map(catalog.tenants.map((t) => [t.id, t]));
export const departmentsByCode = new Map(catalog.departments.map((d) => [d.code, d]));
