import { can, canOnTenant, caseAccessFacts, type StaffQueue, StaffQueueQuery } from '@citydesk/domain';
import { caseRepository } from '#platform/case-runtime.ts';
import { toStaffQueueItem } from '#platform/case-summaries.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

const notAllowed = () =>
  new ProblemError('forbidden', {
    tr: 'Bu iş kuyruğunu görme yetkiniz yok.',
    en: 'You may not see this work queue.',
  });

/**
 * A work queue: the open cases of a tenant, or of one of its departments, by
 * priority then SLA due time, with filters. Staff bound to a department see that
 * department's queue only; every item also passes the authorization module.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const query = validate(StaffQueueQuery, req.event.queryStringParameters ?? {});
  const tenantId = query.tenantId ?? principal.tenantId;
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime?.tenantsById.has(tenantId) || !canOnTenant(principal, 'queue.list', tenantId))
    throw notAllowed();
  const ownTenant = tenantId === principal.tenantId;
  const departmentCode =
    query.departmentCode ?? (ownTenant && principal.departmentCode ? principal.departmentCode : undefined);
  if (ownTenant && principal.departmentCode && departmentCode !== principal.departmentCode)
    throw notAllowed();
  const now = new Date();
  const assigneeId = query.assignee === 'me' ? principal.userId : query.assignee;
  const page = await caseRepository.listQueue({
    tenantId,
    ...(departmentCode ? { departmentCode } : {}),
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.workTypeCode ? { workTypeCode: query.workTypeCode } : {}),
    ...(query.neighbourhood ? { neighbourhood: query.neighbourhood } : {}),
    ...(query.channel ? { channel: query.channel } : {}),
    ...(assigneeId ? { assigneeId } : {}),
    ...(query.overdue ? { dueBefore: now.toISOString() } : {}),
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const body: StaffQueue = {
    tenantId,
    ...(departmentCode ? { departmentCode } : {}),
    items: page.cases
      .filter((c) => can(principal, 'case.read', caseAccessFacts(c)))
      .map((c) => toStaffQueueItem(c, runtime, now)),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
  return json(200, body, req.lang);
});
