import type { Case, StaffCaseSummary, StaffQueueItem } from '@citydesk/domain';
import type { CityRuntime } from './city-runtime.ts';

/** A case as staff lists show it: classification, place and timing, never personal data. */
export function toStaffCaseSummary(c: Case, { workTypesByCode, tenantsById }: CityRuntime): StaffCaseSummary {
  return {
    id: c.id,
    trackingNo: c.trackingNo,
    status: c.status,
    workTypeCode: c.workTypeCode,
    workTypeName: workTypesByCode.get(c.workTypeCode)?.name ?? { tr: c.workTypeCode, en: c.workTypeCode },
    priority: c.priority,
    channel: c.channel,
    ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { ownerDepartmentCode: c.ownerDepartmentCode } : {}),
    ...(c.location?.districtTenantId
      ? { district: tenantsById.get(c.location.districtTenantId)?.shortName ?? c.location.districtTenantId }
      : {}),
    ...(c.location?.neighbourhood ? { neighbourhood: c.location.neighbourhood } : {}),
    createdAt: c.createdAt,
    slaDueAt: c.slaDueAt,
  };
}

/** A case in a work queue, with the version the queue view sends back when it acts. */
export function toStaffQueueItem(c: Case, runtime: CityRuntime, now: Date): StaffQueueItem {
  return {
    ...toStaffCaseSummary(c, runtime),
    version: c.version,
    ...(c.assignee ? { assignee: { kind: c.assignee.kind, id: c.assignee.id, name: c.assignee.name } } : {}),
    overdue: Date.parse(c.slaDueAt) < now.getTime(),
  };
}
