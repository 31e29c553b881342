import { hashSurveyToken, SurveyStateConflictError } from '@citydesk/data';
import {
  type Case,
  maskTrackingNumber,
  type PublicSurveyView,
  SURVEY_COMMENT_MAX,
  SURVEY_QUESTIONS,
  SubmitSurveyRequest,
  type SurveyRecord,
  SurveyToken,
  type SurveyUnavailable,
  surveyLinkStatus,
} from '@citydesk/domain';
import { caseRepository } from '#platform/case-runtime.ts';
import { caseCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json, parseJsonBody } from '#platform/http-handler.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { storeSurveyResponse, surveyRepository } from '#platform/survey-runtime.ts';

/*
 * The citizen's survey, with no login: the token in the link is the credential.
 * - GET /v1/public/surveys/{token}: the questions, the masked tracking number, the
 *   work type and organisation. No personal data.
 * - POST /v1/public/surveys/{token} {answers}: the single response. The write is
 *   conditional on the survey still being open with this token, so a replay or a
 *   second tab gets 409 "already answered" and nothing is counted twice.
 * An unknown, expired or answered link each has its own problem code (404, 410,
 * 409), which the page turns into its own explanation, never a 500.
 */

const unavailable: Record<SurveyUnavailable, () => ProblemError> = {
  unknown: () =>
    new ProblemError('survey-not-found', {
      tr: 'Bu anket bağlantısı geçerli değil. Bağlantıyı mesajdaki gibi eksiksiz açtığınızdan emin olun.',
      en: 'This survey link is not valid. Make sure you opened the whole link from the message.',
    }),
  expired: () =>
    new ProblemError('survey-expired', {
      tr: 'Bu anketin yanıtlanma süresi doldu. İlginiz için teşekkür ederiz.',
      en: 'The time to answer this survey has passed. Thank you for your interest.',
    }),
  answered: () =>
    new ProblemError('survey-already-answered', {
      tr: 'Bu anket daha önce yanıtlanmış. Her anket bir kez yanıtlanabilir.',
      en: 'This survey has already been answered. Each survey can be answered once.',
    }),
};

interface OpenSurvey {
  c: Case;
  record: SurveyRecord;
  tokenHash: string;
}

/** The survey a token opens at `now`, or the problem that explains why it does not. */
async function openSurvey(rawToken: string | undefined, now: Date): Promise<OpenSurvey> {
  const token = SurveyToken.safeParse(rawToken ?? '');
  // A malformed token cannot exist: answer exactly as for an unknown one.
  if (!token.success) throw unavailable.unknown();
  const tokenHash = hashSurveyToken(token.data);
  const caseId = await surveyRepository.caseIdOfToken(tokenHash);
  const record = caseId ? await surveyRepository.getRecord(caseId) : undefined;
  const status = surveyLinkStatus(record, tokenHash, now);
  if (status !== 'open') throw unavailable[status]();
  const c = record ? await caseRepository.getCase(record.caseId) : undefined;
  if (!c || !record) throw unavailable.unknown();
  return { c, record, tokenHash };
}

async function viewOf({ c, record }: OpenSurvey): Promise<PublicSurveyView> {
  const runtime = await caseCityRuntime(c);
  const workType = runtime.workTypesByCode.get(c.workTypeCode);
  const owner = runtime.tenantsById.get(record.dimensions.tenantId);
  return {
    trackingNo: maskTrackingNumber(c.trackingNo),
    workType: workType?.name ?? { tr: c.workTypeCode, en: c.workTypeCode },
    ...(owner ? { organisation: owner.name } : {}),
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    validUntil: record.validUntil ?? new Date().toISOString(),
    commentMaxLength: SURVEY_COMMENT_MAX,
    questions: SURVEY_QUESTIONS.map((q) => ({ ...q, options: [...q.options] })),
  };
}

export const handler = httpHandler(async (req) => {
  const now = new Date();
  const rawToken = req.event.pathParameters?.token;
  if (req.event.requestContext.http.method === 'GET') {
    return json(200, await viewOf(await openSurvey(rawToken, now)), req.lang);
  }
  // Validate the body before looking the token up: a bad form never costs a read.
  const { answers } = parseJsonBody(req, SubmitSurveyRequest);
  const open = await openSurvey(rawToken, now);
  try {
    await storeSurveyResponse({
      c: open.c,
      previous: open.record,
      answers,
      via: 'web',
      actor: { kind: 'citizen' },
      tokenHash: open.tokenHash,
      now,
    });
  } catch (err) {
    if (!(err instanceof SurveyStateConflictError)) throw err;
    // Someone answered (or the link expired) between the read and the write: say which.
    const latest = await surveyRepository.getRecord(open.c.id);
    const status = surveyLinkStatus(latest, open.tokenHash, new Date());
    throw unavailable[status === 'open' ? 'answered' : status]();
  }
  return json(201, { answered: true, followUpOpened: answers.resolved === 'no' }, req.lang);
});
