import type { CaseLocation } from './case.ts';
import type { CityCatalog } from './catalog.ts';
import type { DistrictLocator, LocateMethod } from './district-locator.ts';
import type { WorkType } from './work-type.ts';

export interface RoutingDecision {
  tenantId: string;
  departmentCode: string;
  /** Why this tenant: shown on the internal timeline so coordinators can audit misroutes. */
  reason: 'metropolitan-work-type' | 'utility-work-type' | 'district-by-location' | 'district-unresolved';
  locateMethod?: LocateMethod;
  districtTenantId?: string;
  neighbourhood?: string;
}

/**
 * First routing rule set (Law 5216 split by the work type's responsible level):
 * metropolitan and utility work types go to that tenant city-wide; district work
 * types go to the district holding the location. A district work type whose location
 * cannot be placed goes to the metropolitan call centre for manual triage.
 */
export function decideRouting(
  catalog: CityCatalog,
  locate: DistrictLocator,
  workType: WorkType,
  location: CaseLocation | undefined,
): RoutingDecision {
  const metro = catalog.tenants.find((t) => t.type === 'metropolitan');
  if (!metro) throw new Error('catalogue without a metropolitan tenant');
  const match = location ? locate(location, location.neighbourhood) : undefined;
  const where = match
    ? {
        locateMethod: match.method,
        districtTenantId: match.districtTenantId,
        neighbourhood: match.neighbourhood,
      }
    : {};
  const departmentCode = workType.departmentCode;
  switch (workType.tenantLevel) {
    case 'metropolitan':
      return { tenantId: metro.id, departmentCode, reason: 'metropolitan-work-type', ...where };
    case 'utility': {
      const utility = catalog.tenants.find((t) => t.type === 'utility');
      return { tenantId: (utility ?? metro).id, departmentCode, reason: 'utility-work-type', ...where };
    }
    case 'district':
      return match
        ? { tenantId: match.districtTenantId, departmentCode, reason: 'district-by-location', ...where }
        : { tenantId: metro.id, departmentCode, reason: 'district-unresolved' };
  }
}
