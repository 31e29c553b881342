import { addComment, CaseCommentRequest, CaseId } from '@citydesk/domain';
import { loadReadableCase } from '#platform/case-access.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { lifecycleContext } from '#platform/lifecycle-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/**
 * An internal note or a public comment on a case's timeline. Comments do not change
 * the case, so they need no version; the client's `commentId` makes a retried
 * request (a flaky mobile connection) record the comment once.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const caseId = validate(CaseId, req.event.pathParameters?.caseId);
  const request = parseJsonBody(req, CaseCommentRequest);
  const { case: c, facts } = await loadReadableCase(principal, caseId);
  const outcome = addComment(c, request, await lifecycleContext(principal, facts, c));
  if (!outcome.ok) {
    throw new ProblemError('forbidden', {
      tr: 'Bu başvuruya yorum ekleme yetkiniz yok.',
      en: 'You may not comment on this case.',
    });
  }
  const result = await caseRepository.appendOnce(
    caseId,
    `COMMENT#${request.commentId}`,
    outcome.events,
    outcome.intents,
  );
  return json(201, { commentId: request.commentId, replayed: result === 'replayed' }, req.lang);
});
