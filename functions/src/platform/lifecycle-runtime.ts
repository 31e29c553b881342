import { randomInt } from 'node:crypto';
import { newId } from '@citydesk/data';
import {
  type Case,
  type CaseAccessFacts,
  generateTrackingNumber,
  type LifecycleContext,
  type LifecycleReference,
  type Principal,
  slaClockKind,
  slaDueAfterPause,
  slaDueAt,
} from '@citydesk/domain';
import { type CityRuntime, caseCityRuntime, cityRuntime } from './city-runtime.ts';

/**
 * What every lifecycle step needs from the world besides the caller: the clock, ids
 * and reference data. Targets (tenants and their departments) come from the city's
 * current configuration, so a newly onboarded tenant can receive transfers at once;
 * work types and SLA hours from the configuration the case was opened under
 * (`ofCase`), so a later catalogue change never re-times an open case by itself.
 */
export function lifecycleReference(
  current: CityRuntime,
  now = new Date(),
  ofCase: CityRuntime = current,
): LifecycleReference {
  const standardDepartments = current.catalog.departments.map((d) => d.code);
  const tenants: LifecycleContext['tenants'] = new Map(
    [...current.tenantsById.values()].map((t) => [
      t.id,
      {
        id: t.id,
        type: t.type,
        departmentCodes: new Set([
          ...standardDepartments,
          ...(current.settingsOf(t.id)?.departments.map((d) => d.code) ?? []),
        ]),
      },
    ]),
  );
  return {
    now,
    newEventId: newId,
    workTypes: ofCase.workTypesByCode,
    tenants,
    metroTenantId: current.metroTenantId,
    slaDueAt: (workType, start, tenantId, priority) => {
      const asWorked = ofCase.workTypeFor(workType.code, tenantId) ?? workType;
      return slaDueAt(asWorked, start, ofCase.calendarFor(tenantId), priority ?? asWorked.defaultPriority);
    },
    slaDueAfterPause: (dueAt, pausedFrom, resumedAt, priority, tenantId) => {
      const calendar = ofCase.calendarFor(tenantId);
      return slaDueAfterPause(dueAt, pausedFrom, resumedAt, slaClockKind(priority, calendar), calendar);
    },
    // The owner's current choice: a tenant that turns surveys off stops them at once.
    surveySettings: (tenantId) => current.settingsOf(tenantId)?.survey,
  };
}

/** The reference for a system step on `c` (no principal). */
export async function lifecycleReferenceFor(c: Case, now = new Date()): Promise<LifecycleReference> {
  const [current, ofCase] = await Promise.all([cityRuntime(c.cityId), caseCityRuntime(c)]);
  return lifecycleReference(current, now, ofCase);
}

/** The context of one principal's command on one case. */
export async function lifecycleContext(
  principal: Principal,
  facts: CaseAccessFacts,
  c: Case,
): Promise<LifecycleContext> {
  return {
    ...(await lifecycleReferenceFor(c)),
    principal,
    facts,
    newChildIdentity: () => ({ caseId: newId(), trackingNo: generateTrackingNumber(randomInt) }),
  };
}
