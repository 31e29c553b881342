import { newId, VersionConflictError } from '@citydesk/data';
import { type Case, type CaseEvent, type Principal, slaDueAt, WorkTypeCode } from '@citydesk/domain';
import * as z from 'zod';
import { audit } from './case-access.ts';
import { caseRepository } from './case-runtime.ts';
import type { CityRuntime } from './city-runtime.ts';
import type { HttpRequest } from './http-handler.ts';

/*
 * Re-timing open cases after an SLA change, only when an admin asks for it. A
 * catalogue change never alters open cases by itself: each case keeps the
 * configuration version it was opened under. This moves the tenant's open cases of
 * one work type to the current version and recomputes their due time from the start
 * of the owner's clock, each with a timeline note saying from what to what.
 * Paged (a request handles at most PAGE cases and returns a cursor) so that a large
 * queue never runs into the function timeout; idempotent, because a case already
 * on the current version is skipped.
 */

const PAGE = 100;

export const SlaReapplyRequest = z
  .object({ workTypeCode: WorkTypeCode, cursor: z.string().max(2048).optional() })
  .strict();

export interface SlaReapplyResult {
  retimed: number;
  /** Already on the current version, on hold (re-timed on resume) or changed meanwhile. */
  skipped: number;
  nextCursor?: string;
}

/** When the owner's clock started: the last routing or transfer to the owner, else filing. */
function clockStart(c: Case, events: CaseEvent[]): Date {
  const last = events
    .filter((e) => (e.type === 'routed' || e.type === 'transferred') && e.tenantId === c.ownerTenantId)
    .at(-1);
  return new Date(last?.at ?? c.createdAt);
}

export async function reapplySla(input: {
  runtime: CityRuntime;
  tenantId: string;
  request: z.output<typeof SlaReapplyRequest>;
  principal: Principal;
  req: HttpRequest;
}): Promise<SlaReapplyResult> {
  const { runtime, tenantId, request, principal } = input;
  const workType = runtime.workTypeFor(request.workTypeCode, tenantId);
  const result: SlaReapplyResult = { retimed: 0, skipped: 0 };
  if (!workType) return result;
  const page = await caseRepository.listQueue({
    tenantId,
    workTypeCode: request.workTypeCode,
    limit: PAGE,
    ...(request.cursor ? { cursor: request.cursor } : {}),
  });
  for (const listed of page.cases) {
    const found = await caseRepository.getCaseWithTimeline(listed.id);
    const c = found?.case;
    if (
      !found ||
      !c ||
      c.configVersion === runtime.version ||
      c.status === 'ON_HOLD' ||
      c.ownerTenantId !== tenantId
    ) {
      result.skipped++;
      continue;
    }
    const at = new Date();
    const due = slaDueAt(workType, clockStart(c, found.events), runtime.calendarFor(tenantId), c.priority);
    const after: Case = {
      ...c,
      slaDueAt: due.toISOString(),
      configVersion: runtime.version,
      updatedAt: at.toISOString(),
      version: c.version + 1,
    };
    const event: CaseEvent = {
      caseId: c.id,
      eventId: newId(),
      at: at.toISOString(),
      type: 'note',
      actor: { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
      visibility: 'internal',
      status: c.status,
      tenantId,
      ...(c.ownerDepartmentCode ? { departmentCode: c.ownerDepartmentCode } : {}),
      data: {
        kind: 'sla-retimed',
        fromDueAt: c.slaDueAt,
        toDueAt: after.slaDueAt,
        fromConfigVersion: c.configVersion ?? 0,
        toConfigVersion: runtime.version,
        slaHours: workType.slaHours,
      },
    };
    try {
      await caseRepository.saveTransition({ before: c, after, events: [event], intents: [] });
      result.retimed++;
    } catch (err) {
      if (!(err instanceof VersionConflictError)) throw err;
      result.skipped++;
    }
  }
  await audit(input.req, principal, {
    action: 'tenant.sla.reapply',
    ownerTenantId: tenantId,
    details: { workTypeCode: request.workTypeCode, configVersion: runtime.version, ...result },
  });
  return { ...result, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
