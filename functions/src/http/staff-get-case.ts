import { CaseId, maskCase, piiAccess } from '@citydesk/domain';
import { audit, loadReadableCase } from '#platform/case-access.ts';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';

/**
 * One case with its whole timeline, for staff allowed to read it (404 otherwise).
 * Personal data is shown in clear, masked or not at all according to the role;
 * every response that carries it in clear is recorded in the audit trail.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const caseId = validate(CaseId, req.event.pathParameters?.caseId);
  const { case: c, events, facts } = await loadReadableCase(principal, caseId);
  const level = piiAccess(principal, facts);
  if (level === 'full' && c.contact) {
    await audit(req, principal, {
      action: 'case.pii-read',
      caseId,
      ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    });
  }
  return json(200, { case: maskCase(c, level), piiAccess: level, timeline: events }, req.lang);
});
