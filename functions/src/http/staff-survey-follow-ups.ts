import { callbackTaskId, SurveyFollowUpDecidedError, VersionConflictError } from '@citydesk/data';
import {
  applyCommand,
  CaseId,
  canOnTenant,
  DecideSurveyFollowUpRequest,
  type SurveyFollowUp,
  TenantId,
  validationMessages,
} from '@citydesk/domain';
import * as z from 'zod';
import { audit, loadReadableCase, versionConflict } from '#platform/case-access.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { cityIdOfTenant } from '#platform/city-runtime.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { lifecycleContext } from '#platform/lifecycle-runtime.ts';
import { callbackTaskRepository } from '#platform/notification-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { analyticsIntents, surveyEvent, surveyRepository } from '#platform/survey-runtime.ts';

/*
 * Follow-ups of "not resolved" survey answers (docs/domain/surveys.md):
 * - GET /v1/staff/survey-follow-ups?tenantId=: a tenant's open follow-ups, oldest first,
 *   for its supervisors (and the metro's coordinators, city-wide): `survey.follow-up`.
 * - POST /v1/staff/survey-follow-ups/{caseId}/decide {decision, note}: `reopen` runs the
 *   lifecycle's reopen command as the supervisor (requested by the citizen; the case
 *   goes back to the metro's triage), `call-back` puts a call-back task on the
 *   tenant's list. Both are on the case's timeline; deciding twice is 409.
 */

const ListQuery = z
  .object({ tenantId: TenantId.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

const notFound = () =>
  new ProblemError('survey-follow-up-not-found', {
    tr: 'Bu anket takibi yok ya da görme yetkiniz yok.',
    en: 'This survey follow-up does not exist or you may not see it.',
  });

const alreadyDecided = () =>
  new ProblemError('survey-follow-up-decided', {
    tr: 'Bu anket takibi için başka biri karar vermiş.',
    en: 'Someone else already decided this survey follow-up.',
  });

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const rawCaseId = req.event.pathParameters?.caseId;
  const principalCity = await cityIdOfTenant(principal.tenantId);
  const mayHandle = async (tenantId: string) =>
    canOnTenant(principal, 'survey.follow-up', tenantId) &&
    (await cityIdOfTenant(tenantId)) === principalCity;

  if (rawCaseId === undefined) {
    const query = validate(ListQuery, req.event.queryStringParameters ?? {});
    const tenantId = query.tenantId ?? principal.tenantId;
    if (!(await mayHandle(tenantId))) {
      throw new ProblemError('forbidden', {
        tr: 'Bu kurumun anket takiplerini görme yetkiniz yok.',
        en: "You may not see this organisation's survey follow-ups.",
      });
    }
    const items = await surveyRepository.listOpenFollowUps(tenantId, query.limit);
    return json(200, { tenantId, items }, req.lang);
  }

  const caseId = validate(CaseId, rawCaseId);
  const body = parseJsonBody(req, DecideSurveyFollowUpRequest);
  const followUp = await surveyRepository.getFollowUp(caseId);
  if (!followUp || !(await mayHandle(followUp.tenantId))) throw notFound();
  if (followUp.status !== 'open') throw alreadyDecided();
  const { case: c, facts } = await loadReadableCase(principal, caseId).catch((err: unknown) => {
    if (err instanceof ProblemError) throw notFound();
    throw err;
  });
  const now = new Date();
  const decided: Pick<SurveyFollowUp, 'decision' | 'note' | 'decidedBy' | 'decidedAt' | 'callbackTaskId'> = {
    decision: body.decision,
    note: body.note,
    decidedBy: principal.userId,
    decidedAt: now.toISOString(),
  };

  if (body.decision === 'reopen') {
    // A reopen since the follow-up opened means this decision was taken (its record
    // update was lost): only the follow-up is left to mark.
    if ((c.reopenCount ?? 0) <= followUp.reopenCountAtOpen) {
      const outcome = applyCommand(
        c,
        { action: 'reopen', expectedVersion: c.version, reason: body.note, requestedBy: 'citizen' },
        await lifecycleContext(principal, facts, c),
      );
      if (!outcome.ok) {
        if (outcome.error === 'forbidden')
          throw new ProblemError('forbidden', {
            tr: 'Bu başvuruyu yeniden açma yetkiniz yok.',
            en: 'You may not reopen this case.',
          });
        if (outcome.error === 'invalid-transition')
          throw new ProblemError('business-rule-violated', {
            tr: `Başvuru şu anki durumunda (${outcome.from}) yeniden açılamaz; geri arama seçebilirsiniz.`,
            en: `The case cannot be reopened in its current status (${outcome.from}); choose a call-back instead.`,
          });
        throw new ProblemError(
          'business-rule-violated',
          undefined,
          outcome.violations.map((v) => ({ path: v.path, message: validationMessages[v.message] })),
        );
      }
      for (const e of outcome.events) if (e.type === 'reopened') e.data = { ...e.data, surveyFollowUp: true };
      try {
        await caseRepository.saveTransition({
          before: c,
          after: outcome.after,
          events: outcome.events,
          intents: outcome.intents,
        });
      } catch (err) {
        if (err instanceof VersionConflictError)
          throw versionConflict((await caseRepository.getCase(c.id)) ?? c);
        throw err;
      }
    }
  } else {
    const taskId = callbackTaskId(`survey-follow-up#${c.id}`);
    await callbackTaskRepository.createOnce({
      id: taskId,
      tenantId: followUp.tenantId,
      caseId: c.id,
      trackingNo: c.trackingNo,
      eventId: `survey-follow-up#${c.id}`,
      event: 'survey',
      language: c.contact?.preference.language ?? 'tr',
      status: 'open',
      createdAt: now.toISOString(),
    });
    decided.callbackTaskId = taskId;
  }

  let result: SurveyFollowUp;
  try {
    result = await surveyRepository.decideFollowUp(caseId, decided);
  } catch (err) {
    if (err instanceof SurveyFollowUpDecidedError) throw alreadyDecided();
    throw err;
  }
  const latest = (await caseRepository.getCase(c.id)) ?? c;
  const event = surveyEvent(
    latest,
    'survey_follow_up_decided',
    { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
    now,
    {
      decision: body.decision,
      note: body.note,
      ...(decided.callbackTaskId ? { callbackTaskId: decided.callbackTaskId } : {}),
    },
  );
  await caseRepository.appendOnce(c.id, 'survey-follow-up-decided', [event], analyticsIntents([event]));
  await audit(req, principal, {
    action: 'survey.follow-up.decide',
    caseId: c.id,
    ownerTenantId: followUp.tenantId,
    details: { decision: body.decision },
  });
  return json(200, result, req.lang);
});
