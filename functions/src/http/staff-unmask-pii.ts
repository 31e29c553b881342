import { CaseId, can, PiiUnmaskRequest } from '@citydesk/domain';
import { audit, loadReadableCase } from '#platform/case-access.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/**
 * Shows a case's personal data in clear to a role that normally sees it masked. An
 * explicit action with a stated reason, recorded (who, when, from where, why) before
 * the data is returned: if the audit write fails, nothing is shown.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const caseId = validate(CaseId, req.event.pathParameters?.caseId);
  const { reason } = parseJsonBody(req, PiiUnmaskRequest);
  const { case: c, facts } = await loadReadableCase(principal, caseId);
  if (!can(principal, 'case.unmask-pii', facts)) {
    throw new ProblemError('forbidden', {
      tr: 'Bu başvurunun kişisel verilerini açma yetkiniz yok.',
      en: "You may not reveal this case's personal data.",
    });
  }
  await audit(req, principal, {
    action: 'case.pii-unmask',
    caseId,
    ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    details: { reason },
  });
  return json(200, { contact: c.contact ?? null, address: c.location?.address ?? null }, req.lang);
});
