import { CallbackTaskClosedError, CallbackTaskNotFoundError, newId } from '@citydesk/data';
import {
  CallbackListQuery,
  type CaseEvent,
  CompleteCallbackRequest,
  can,
  canOnTenant,
} from '@citydesk/domain';
import * as z from 'zod';
import { audit, caseNotFound, loadReadableCase } from '#platform/case-access.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { callbackTaskRepository } from '#platform/notification-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

const TaskId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

const notFound = () =>
  new ProblemError('callback-not-found', {
    tr: 'Bu geri arama görevi yok ya da görme yetkiniz yok.',
    en: 'This call-back task does not exist or you may not see it.',
  });

/**
 * Call-back tasks: citizens who asked to be called about their case.
 * - GET /v1/staff/callbacks?tenantId=&status=open: a tenant's tasks for those who
 *   work its queue (the authorization module's `queue.list`: the metro's agents and
 *   coordinators for any tenant of the city, everyone else for their own tenant).
 * - POST /v1/staff/callbacks/{taskId}/complete: the call was made (or the citizen
 *   was unreachable). Only someone who may see the citizen's number on that case
 *   (`case.unmask-pii`) can have made the call. Audited and on the case timeline.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const rawTaskId = req.event.pathParameters?.taskId;
  if (rawTaskId === undefined) {
    const query = validate(CallbackListQuery, req.event.queryStringParameters ?? {});
    const tenantId = query.tenantId ?? principal.tenantId;
    // City-wide roles reach their own city's tenants only.
    const inCity = (await tenantCityRuntime(principal.tenantId))?.tenantsById.has(tenantId) ?? false;
    if (!inCity || !canOnTenant(principal, 'queue.list', tenantId)) {
      throw new ProblemError('forbidden', {
        tr: 'Bu kurumun geri arama listesini görme yetkiniz yok.',
        en: "You may not see this organisation's call-back list.",
      });
    }
    const items = await callbackTaskRepository.list(tenantId, query.status, query.limit);
    return json(200, { tenantId, items }, req.lang);
  }

  const taskId = validate(TaskId, rawTaskId);
  const body = parseJsonBody(req, CompleteCallbackRequest);
  const task = await callbackTaskRepository.get(taskId);
  if (!task || !canOnTenant(principal, 'queue.list', task.tenantId)) throw notFound();
  const { case: c, facts } = await loadReadableCase(principal, task.caseId).catch((err: unknown) => {
    if (err instanceof ProblemError) throw notFound();
    throw err;
  });
  if (!can(principal, 'case.unmask-pii', facts)) {
    throw new ProblemError('forbidden', {
      tr: 'Bu başvurunun sahibini arama yetkiniz yok.',
      en: 'You may not call the applicant of this case.',
    });
  }
  let done: Awaited<ReturnType<typeof callbackTaskRepository.complete>>;
  try {
    done = await callbackTaskRepository.complete(taskId, {
      by: principal.userId,
      outcome: body.outcome,
      ...(body.note ? { note: body.note } : {}),
      at: new Date(),
    });
  } catch (err) {
    if (err instanceof CallbackTaskNotFoundError) throw caseNotFound();
    if (err instanceof CallbackTaskClosedError) {
      throw new ProblemError('callback-already-done', {
        tr: 'Bu geri arama başka biri tarafından tamamlanmış.',
        en: 'Someone else already completed this call-back.',
      });
    }
    throw err;
  }
  const event: CaseEvent = {
    caseId: c.id,
    eventId: newId(),
    at: done.completedAt ?? new Date().toISOString(),
    type: body.outcome === 'reached' ? 'notification_sent' : 'notification_failed',
    actor: { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
    visibility: 'internal',
    status: c.status,
    ...(c.ownerTenantId ? { tenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { departmentCode: c.ownerDepartmentCode } : {}),
    data: {
      step: task.event,
      notifiedEventId: task.eventId,
      channel: 'callback',
      callbackOutcome: body.outcome,
      ...(body.outcome === 'unreachable' ? { failure: 'citizen-unreachable' } : {}),
      ...(body.note ? { note: body.note } : {}),
    },
  };
  await caseRepository.appendOnce(c.id, `callback#${taskId}`, [event], []);
  await audit(req, principal, {
    action: 'callback.complete',
    caseId: c.id,
    ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    details: { taskId, outcome: body.outcome },
  });
  return json(200, done, req.lang);
});
