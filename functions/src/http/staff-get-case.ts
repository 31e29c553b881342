import { CaseId } from '@citydesk/domain';
import { loadReadableCase } from '#platform/case-access.ts';
import { respondWithCase } from '#platform/case-view.ts';
import { httpHandler, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';

/** One case with its whole timeline and the caller's possible actions, for staff allowed to read it (404 otherwise). */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const caseId = validate(CaseId, req.event.pathParameters?.caseId);
  const { case: c, events, facts } = await loadReadableCase(principal, caseId);
  return respondWithCase(req, principal, c, events, facts);
});
