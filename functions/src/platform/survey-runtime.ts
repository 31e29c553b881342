import {
  answeredRecord,
  type BucketIncrement,
  createDocumentClient,
  deriveSurveyToken,
  loadSecret,
  mainTable,
  newId,
  requireEnv,
  SurveyRepository,
} from '@citydesk/data';
import {
  type Actor,
  type Case,
  type CaseEvent,
  type CaseEventType,
  isoWeek,
  type Language,
  type OutboxIntent,
  opensFollowUp,
  responseIncrements,
  type SatisfactionCounters,
  type SurveyAnswers,
  type SurveyDimensions,
  type SurveyFollowUp,
  type SurveyRecord,
  type SurveyResponseChannel,
} from '@citydesk/domain';
import { secrets } from '../manifest.ts';
import { caseCityRuntime } from './city-runtime.ts';
import { portalUrl } from './notification-runtime.ts';

/*
 * What the survey job, the survey endpoints and the notification worker share: the
 * repository, the token key, the survey link, and the one way a response is stored
 * (web or phone alike), so the counters and the follow-up rule cannot diverge.
 */

export const surveyRepository = new SurveyRepository(createDocumentClient(), requireEnv(mainTable.envVar));

let key: Promise<string> | undefined;

/** The key survey tokens are derived with (the deployment's PII HMAC key, domain-separated). */
export function surveyTokenKey(): Promise<string> {
  key ??= loadSecret(secrets.piiHmacKey).catch((err: unknown) => {
    key = undefined;
    throw err;
  });
  return key;
}

/** The citizen's survey link (`<portal>[/en]/anket/<token>`), or undefined without a sent survey or portal. */
export async function surveyLink(
  record: SurveyRecord | undefined,
  language: Language,
): Promise<string | undefined> {
  const base = portalUrl();
  if (!base || !record?.nonce || record.state !== 'sent') return undefined;
  const token = deriveSurveyToken(await surveyTokenKey(), record.caseId, record.nonce);
  return `${base}${language === 'en' ? '/en' : ''}/anket/${token}`;
}

/** The counting dimensions of a case's survey, fixed when the survey is first recorded at `at`. */
export async function surveyDimensionsOf(c: Case, at: Date): Promise<SurveyDimensions> {
  const runtime = await caseCityRuntime(c);
  return {
    tenantId: c.ownerTenantId ?? runtime.metroTenantId,
    departmentCode: c.ownerDepartmentCode ?? '-',
    workTypeCode: c.workTypeCode,
    channel: c.channel,
    week: isoWeek(at),
  };
}

/** An internal survey entry on the case's timeline. */
export function surveyEvent(
  c: Case,
  type: Extract<CaseEventType, `survey_${string}`>,
  actor: Actor,
  at: Date,
  data: Record<string, unknown>,
): CaseEvent {
  return {
    caseId: c.id,
    eventId: newId(),
    at: at.toISOString(),
    type,
    actor,
    visibility: 'internal',
    status: c.status,
    ...(c.ownerTenantId ? { tenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { departmentCode: c.ownerDepartmentCode } : {}),
    data,
  };
}

/** Every timeline event feeds the analytics queue, as the lifecycle's do. */
export const analyticsIntents = (events: CaseEvent[]): OutboxIntent[] =>
  events.map((e) => ({ intent: 'analytics', caseId: e.caseId, eventId: e.eventId, eventType: e.type }));

/**
 * Stores the single response of a case's survey: the answered record, the counters
 * of its bucket, the `survey_answered` event and, for "not resolved", the follow-up
 * for the owning tenant's supervisors with its own event. One transaction.
 *
 * A phone survey without a survey sent before counts as sent (the agent surveyed the
 * citizen); over a `not-sent` survey it moves that survey from "not surveyed" to sent.
 * Throws SurveyStateConflictError when the survey was answered (or expired) meanwhile.
 */
export async function storeSurveyResponse(input: {
  c: Case;
  previous: SurveyRecord | undefined;
  answers: SurveyAnswers;
  via: SurveyResponseChannel;
  actor: Actor;
  tokenHash?: string;
  now: Date;
}): Promise<{ followUp?: SurveyFollowUp }> {
  const { c, previous, answers, via, actor, now } = input;
  const at = now.toISOString();
  const base: SurveyRecord = previous ?? {
    caseId: c.id,
    cityId: c.cityId,
    trackingNo: c.trackingNo,
    state: 'not-sent',
    dimensions: await surveyDimensionsOf(c, now),
    createdAt: at,
    updatedAt: at,
  };
  const answered = answeredRecord(base, answers, via, now, via === 'phone' ? actor.id : undefined);
  const increments: Partial<SatisfactionCounters> = responseIncrements(answers, via);
  const buckets: BucketIncrement[] = [{ dimensions: base.dimensions, increments }];
  if (via === 'phone' && previous?.state !== 'sent') {
    increments.sent = 1;
    if (previous?.state === 'not-sent') increments.notSurveyed = -1;
  }
  const events: CaseEvent[] = [
    surveyEvent(c, 'survey_answered', actor, now, {
      via,
      resolved: answers.resolved,
      timeScore: answers.timeScore,
      conductScore: answers.conductScore,
      intakeScore: answers.intakeScore,
      ...(answers.comment ? { comment: answers.comment } : {}),
    }),
  ];
  let followUp: SurveyFollowUp | undefined;
  if (opensFollowUp(answers)) {
    followUp = {
      caseId: c.id,
      trackingNo: c.trackingNo,
      tenantId: base.dimensions.tenantId,
      ...(c.ownerDepartmentCode ? { departmentCode: c.ownerDepartmentCode } : {}),
      workTypeCode: c.workTypeCode,
      status: 'open',
      answeredVia: via,
      ...(answers.comment ? { comment: answers.comment } : {}),
      reopenCountAtOpen: c.reopenCount ?? 0,
      createdAt: at,
    };
    events.push(surveyEvent(c, 'survey_follow_up_opened', { kind: 'system', id: 'surveys' }, now, { via }));
  }
  await surveyRepository.recordResponse({
    caseId: c.id,
    previous,
    answered,
    via,
    ...(input.tokenHash ? { tokenHash: input.tokenHash } : {}),
    buckets,
    ...(followUp ? { followUp } : {}),
    events,
    intents: analyticsIntents(events),
    now,
  });
  return followUp ? { followUp } : {};
}
