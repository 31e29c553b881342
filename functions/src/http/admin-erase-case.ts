import { newId, VersionConflictError } from '@citydesk/data';
import { anonymiseCase, anonymiseTimeline, CaseId, canOnTenant, ErasureRequest } from '@citydesk/domain';
import { deleteCaseFiles } from '#platform/attachment-erasure.ts';
import { audit, caseNotFound } from '#platform/case-access.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/**
 * KVKK m.11 erasure: a tenant administrator erases the personal data of a case their
 * tenant owns, on the citizen's request. The case stays (work type, place, dates,
 * status) so statistics remain true; the erasure is a timeline event and an audit
 * record. Idempotent: erasing an already anonymised case changes nothing.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const caseId = validate(CaseId, req.event.pathParameters?.caseId);
  const request = parseJsonBody(req, ErasureRequest);
  const found = await caseRepository.getCaseWithTimeline(caseId);
  // Each municipality is its own data controller: only the owner's admin erases. Others get 404.
  if (!found?.case.ownerTenantId || !canOnTenant(principal, 'data.erase', found.case.ownerTenantId)) {
    throw caseNotFound();
  }
  const before = found.case;
  if (!before.anonymisedAt) {
    const now = new Date();
    const after = anonymiseCase(before, now);
    // Files first: if this fails the case still lists them, and a retry deletes them again.
    await deleteCaseFiles(before);
    try {
      await caseRepository.saveTransition({
        before,
        after,
        events: [
          {
            caseId,
            eventId: newId(),
            at: now.toISOString(),
            type: 'anonymised',
            actor: { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
            visibility: 'internal',
            status: after.status,
            data: { requestRef: request.requestRef },
          },
        ],
        intents: [],
        rewrittenEvents: anonymiseTimeline(found.events),
      });
    } catch (err) {
      if (err instanceof VersionConflictError) {
        throw new ProblemError('version-conflict', {
          tr: 'Başvuru bu arada değişti; lütfen yeniden deneyin.',
          en: 'The case changed meanwhile; please try again.',
        });
      }
      throw err;
    }
    await audit(req, principal, {
      action: 'case.erase',
      caseId,
      ownerTenantId: before.ownerTenantId ?? principal.tenantId,
      details: { requestRef: request.requestRef, reason: request.reason },
    });
  }
  return json(200, { caseId, anonymised: true }, req.lang);
});
