import {
  CaseRepository,
  createDocumentClient,
  createPiiHasher,
  idempotencyTable,
  mainTable,
  requireEnv,
} from '@citydesk/data';
import { createDistrictLocator } from '@citydesk/domain';
import { demoCityCatalog } from '@citydesk/domain/demo-city';

/*
 * Per-process singletons, created once at cold start as Powertools recommends:
 * SDK clients keep their connections warm across invocations.
 */

export const catalog = demoCityCatalog();
export const locateDistrict = createDistrictLocator(catalog);
export const workTypesByCode = new Map(catalog.workTypes.map((w) => [w.code, w]));
export const tenantsById = new Map(catalog.tenants.map((t) => [t.id, t]));
export const departmentsByCode = new Map(catalog.departments.map((d) => [d.code, d]));

export const caseRepository = new CaseRepository({
  doc: createDocumentClient(),
  mainTableName: requireEnv(mainTable.envVar),
  idempotencyTableName: requireEnv(idempotencyTable.envVar),
  hashPhone: createPiiHasher(requireEnv('PII_HMAC_KEY')),
});
