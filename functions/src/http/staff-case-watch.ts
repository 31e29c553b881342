import { CaseId } from '@citydesk/domain';
import { loadReadableCase } from '#platform/case-access.ts';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { staffNotificationRepository } from '#platform/staff-notification-runtime.ts';
import { requireStaffUser } from './staff-notifications.ts';

/**
 * Watching cases: POST /v1/staff/cases/{caseId}/watch starts (for a case the caller
 * may read: otherwise 404, exactly like a missing case), DELETE stops, GET
 * /v1/staff/watching lists. The notifications worker checks the read permission
 * again for every update, so a watch outlives no change of the caller's access.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  requireStaffUser(principal);
  const rawCaseId = req.event.pathParameters?.caseId;
  if (rawCaseId === undefined) {
    return json(200, { items: await staffNotificationRepository.watching(principal.userId) }, req.lang);
  }
  const caseId = validate(CaseId, rawCaseId);
  if (req.event.requestContext.http.method === 'DELETE') {
    await staffNotificationRepository.unwatch(principal.userId, caseId);
    return json(200, { caseId, watching: false }, req.lang);
  }
  const { case: c } = await loadReadableCase(principal, caseId);
  const watched = await staffNotificationRepository.watch({
    userId: principal.userId,
    tenantId: principal.tenantId,
    neighbourhood: principal.neighbourhood,
    caseId: c.id,
    trackingNo: c.trackingNo,
  });
  return json(200, watched, req.lang);
});
