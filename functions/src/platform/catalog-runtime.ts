import { createDistrictLocator } from '@citydesk/domain';
import { demoCityCatalog } from '@citydesk/domain/demo-city';

/*
 * The city's reference data, loaded and indexed once per process (cold start).
 * Tenant-specific catalogue overrides arrive with tenant administration.
 */

export const catalog = demoCityCatalog();
export const locateDistrict = createDistrictLocator(catalog);
export const workTypesByCode = new Map(catalog.workTypes.map((w) => [w.code, w]));
export const tenantsById = new Map(catalog.tenants.map((t) => [t.id, t]));
export const departmentsByCode = new Map(catalog.departments.map((d) => [d.code, d]));
