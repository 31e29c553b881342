import { randomInt } from 'node:crypto';
import { newId } from '@citydesk/data';
import {
  type CaseAccessFacts,
  generateTrackingNumber,
  type LifecycleContext,
  type Principal,
  slaClockKind,
  slaDueAfterPause,
  slaDueAt,
} from '@citydesk/domain';
import { calendarFor } from './business-calendars.ts';
import { catalog, tenantsById, workTypesByCode } from './catalog-runtime.ts';

const departmentCodes: ReadonlySet<string> = new Set(catalog.departments.map((d) => d.code));

/** Route, transfer and split targets: every tenant of the city, with the catalogue's departments. */
const tenants: LifecycleContext['tenants'] = new Map(
  [...tenantsById.values()].map((t) => [t.id, { id: t.id, type: t.type, departmentCodes }]),
);

const metroTenantId = (() => {
  const metro = catalog.tenants.find((t) => t.type === 'metropolitan');
  if (!metro) throw new Error('catalogue without a metropolitan tenant');
  return metro.id;
})();

/** What every lifecycle step needs from the world besides the caller: the clock, ids and reference data. */
export function lifecycleReference(
  now = new Date(),
): Omit<LifecycleContext, 'principal' | 'facts' | 'newChildIdentity'> {
  return {
    now,
    newEventId: newId,
    workTypes: workTypesByCode,
    tenants,
    metroTenantId,
    slaDueAt: (workType, start, tenantId, priority) =>
      slaDueAt(workType, start, calendarFor(tenantId), priority ?? workType.defaultPriority),
    slaDueAfterPause: (dueAt, pausedFrom, resumedAt, priority, tenantId) => {
      const calendar = calendarFor(tenantId);
      return slaDueAfterPause(dueAt, pausedFrom, resumedAt, slaClockKind(priority, calendar), calendar);
    },
  };
}

/** The context of one principal's command on one case. */
export function lifecycleContext(principal: Principal, facts: CaseAccessFacts): LifecycleContext {
  return {
    ...lifecycleReference(),
    principal,
    facts,
    newChildIdentity: () => ({ caseId: newId(), trackingNo: generateTrackingNumber(randomInt) }),
  };
}
