import { SurveyStateConflictError } from '@citydesk/data';
import { CaseId, can, resultTriggersSurvey, SubmitSurveyRequest } from '@citydesk/domain';
import { audit, loadReadableCase } from '#platform/case-access.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { storeSurveyResponse, surveyRepository } from '#platform/survey-runtime.ts';

/*
 * POST /v1/staff/cases/{caseId}/survey {answers}: an agent enters the answers of a
 * phone survey. Whoever may comment on the case may (`case.comment`: the metro's
 * agents and coordinators city-wide, the owning tenant's supervisors and the
 * department's staff). The case must be closed with a surveyed result. The same
 * single-response rule as the link: a survey already answered, by link or by phone,
 * is 409. A phone survey before the link was due also cancels the link.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const caseId = validate(CaseId, req.event.pathParameters?.caseId);
  const { answers } = parseJsonBody(req, SubmitSurveyRequest);
  const { case: c, facts } = await loadReadableCase(principal, caseId);
  if (!can(principal, 'case.comment', facts)) {
    throw new ProblemError('forbidden', {
      tr: 'Bu başvuru için anket yanıtı girme yetkiniz yok.',
      en: 'You may not enter survey answers for this case.',
    });
  }
  if (c.status !== 'CLOSED' || !c.result || !resultTriggersSurvey(c.result.code)) {
    throw new ProblemError('business-rule-violated', {
      tr: 'Anket yalnızca çözüm sonucuyla kapanmış başvurularda yapılır.',
      en: 'Only cases closed with a result that is surveyed can be surveyed.',
    });
  }
  const previous = await surveyRepository.getRecord(c.id);
  const alreadyAnswered = () =>
    new ProblemError('survey-already-answered', {
      tr: 'Bu başvurunun anketi zaten yanıtlanmış.',
      en: 'The survey of this case has already been answered.',
    });
  if (previous?.state === 'answered') throw alreadyAnswered();
  const now = new Date();
  let followUpOpened = false;
  try {
    const stored = await storeSurveyResponse({
      c,
      previous,
      answers,
      via: 'phone',
      actor: { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
      now,
    });
    followUpOpened = stored.followUp !== undefined;
  } catch (err) {
    if (err instanceof SurveyStateConflictError) throw alreadyAnswered();
    throw err;
  }
  await audit(req, principal, {
    action: 'survey.phone-response',
    caseId: c.id,
    ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    details: { resolved: answers.resolved },
  });
  return json(201, { answered: true, followUpOpened }, req.lang);
});
