import type {
  CallerLookupResult,
  CallerStatementRequest,
  ClosedAtIntake,
  DuplicateCandidates,
  DuplicateCandidatesRequest,
  DuplicateLinkRequest,
  FirstContactSubmission,
  WorkTypeSuggestionList,
} from '@citydesk/domain';
import { authedRequest } from '#lib/api/authed-fetch.ts';

/*
 * The call-centre console's API calls (docs/domain/call-centre.md). The caller's
 * number goes in a POST body, never in a URL, so it stays out of access logs.
 */

/** The caller's earlier cases the agent may see, newest first, with their last preference. */
export function lookUpCaller(phone: string, signal?: AbortSignal): Promise<CallerLookupResult> {
  return authedRequest('POST', '/v1/staff/caller-lookup', { body: { phone }, ...(signal ? { signal } : {}) });
}

/** The caller's new statement on an open case; `statementId` makes a retry record it once. */
export function addCallerStatement(
  caseId: string,
  statement: CallerStatementRequest,
): Promise<{ statementId: string; replayed: boolean }> {
  return authedRequest('POST', `/v1/staff/cases/${encodeURIComponent(caseId)}/caller-statements`, {
    body: statement,
  });
}

/** Files and closes at once a request answered in the call. */
export function fileFirstContactCase(
  submission: FirstContactSubmission,
  idempotencyKey: string,
): Promise<ClosedAtIntake> {
  return authedRequest('POST', '/v1/staff/first-contact-cases', { body: submission, idempotencyKey });
}

/** Open cases of the same work type or group near the point. */
export function findDuplicateCandidates(
  request: DuplicateCandidatesRequest,
  signal?: AbortSignal,
): Promise<DuplicateCandidates> {
  return authedRequest('POST', '/v1/staff/duplicate-candidates', {
    body: request,
    ...(signal ? { signal } : {}),
  });
}

/** Files the call as a duplicate of `masterCaseId`: closed at once, its citizen follows the master. */
export function linkDuplicate(
  request: DuplicateLinkRequest,
  idempotencyKey: string,
): Promise<ClosedAtIntake> {
  return authedRequest('POST', '/v1/staff/duplicate-links', { body: request, idempotencyKey });
}

/** The three likeliest work types for what the caller said. */
export function suggestWorkTypes(text: string, signal?: AbortSignal): Promise<WorkTypeSuggestionList> {
  return authedRequest('POST', '/v1/staff/work-type-suggestions', {
    body: { text },
    ...(signal ? { signal } : {}),
  });
}
