import type {
  PublicSurveyView,
  SurveyAnswersInput,
  SurveyFollowUp,
  SurveyFollowUpDecision,
} from '@citydesk/domain';
import { authedRequest } from './authed-fetch.ts';
import { apiRequest } from './http-client.ts';

/*
 * Satisfaction surveys (docs/domain/surveys.md): the citizen's survey by its link
 * token, an agent's phone survey, and the supervisors' follow-ups.
 */

const surveyPath = (token: string) => `/v1/public/surveys/${encodeURIComponent(token)}`;

/** The questions of a survey link; a 404, 410 or 409 problem says why it cannot be answered. */
export function fetchSurvey(token: string, signal?: AbortSignal): Promise<PublicSurveyView> {
  return apiRequest<PublicSurveyView>('GET', surveyPath(token), signal ? { signal } : {});
}

export interface SurveySubmitted {
  answered: true;
  followUpOpened: boolean;
}

/** The single response of a survey link. */
export function submitSurvey(token: string, answers: SurveyAnswersInput): Promise<SurveySubmitted> {
  return apiRequest<SurveySubmitted>('POST', surveyPath(token), { body: { answers } });
}

/** The answers of a phone survey, entered by an agent on the case page. */
export function submitPhoneSurvey(caseId: string, answers: SurveyAnswersInput): Promise<SurveySubmitted> {
  return authedRequest<SurveySubmitted>('POST', `/v1/staff/cases/${encodeURIComponent(caseId)}/survey`, {
    body: { answers },
  });
}

/** A tenant's open follow-ups of "not resolved" answers (the caller's own tenant by default). */
export function fetchSurveyFollowUps(
  tenantId?: string,
  signal?: AbortSignal,
): Promise<{ tenantId: string; items: SurveyFollowUp[] }> {
  const query = tenantId ? `?tenantId=${encodeURIComponent(tenantId)}` : '';
  return authedRequest('GET', `/v1/staff/survey-follow-ups${query}`, signal ? { signal } : {});
}

/** The supervisor's decision on a follow-up: reopen the case, or call the citizen back. */
export function decideSurveyFollowUp(
  caseId: string,
  decision: SurveyFollowUpDecision,
  note: string,
): Promise<SurveyFollowUp> {
  return authedRequest<SurveyFollowUp>(
    'POST',
    `/v1/staff/survey-follow-ups/${encodeURIComponent(caseId)}/decide`,
    { body: { decision, note } },
  );
}
