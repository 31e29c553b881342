import {
  type DueSurvey,
  deriveSurveyToken,
  hashSurveyToken,
  newSurveyNonce,
  SurveyStateConflictError,
} from '@citydesk/data';
import {
  type Case,
  decideNotification,
  resultTriggersSurvey,
  type SurveyRecord,
  surveyValidUntil,
} from '@citydesk/domain';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { caseRepository } from '#platform/case-runtime.ts';
import { configurationRepository } from '#platform/city-runtime.ts';
import { logger } from '#platform/logger.ts';
import { scheduledRunTime } from '#platform/scheduled-run.ts';
import {
  analyticsIntents,
  surveyDimensionsOf,
  surveyEvent,
  surveyRepository,
  surveyTokenKey,
} from '#platform/survey-runtime.ts';
import { workerHandler } from '#platform/worker-handler.ts';

/*
 * The survey job (rate(15 minutes) in the manifest): sends the satisfaction surveys
 * that have fallen due (docs/domain/surveys.md). The closing transaction left a due
 * item on the timing index; for each one due by now this job
 * - drops it when the case is no longer closed with a surveyed result (reopened,
 *   corrected) or was already surveyed: a survey goes out once per case, ever;
 * - records "not sent" (counted as eligible, not surveyed) when the citizen cannot be
 *   reached by message: no contact, channel "none", no address;
 * - otherwise records the survey (nonce, token hash, validity), its token lookup item,
 *   an internal `survey_sent` event and the `send-survey` intent, and counts it, in one
 *   transaction conditional on no survey existing yet. The notification worker then
 *   renders the link and sends it exactly once, on the citizen's channel.
 * A re-run finds nothing to do: every handled due item is gone, and a lost condition
 * means another run got there first.
 */

/** Stop taking new surveys when less than this is left of the invocation: the next run goes on. */
const SAFETY_MARGIN_MS = 10_000;
const SYSTEM = { kind: 'system', id: 'surveys' } as const;

export interface SendSurveysSummary {
  examined: number;
  sent: number;
  notSent: number;
  /** Due items dropped: reopened, corrected, or already surveyed. */
  dropped: number;
  /** Another run or a new closure changed the survey first. */
  conflicts: number;
  failures: number;
  truncated: boolean;
}

type Outcome = 'sent' | 'not-sent' | 'dropped' | 'conflict';

/** Handles one due survey at `now`. */
export async function handleDueSurvey(due: DueSurvey, now: Date): Promise<Outcome> {
  const c = await caseRepository.getCase(due.caseId);
  const previous = await surveyRepository.getRecord(due.caseId);
  if (!c || !stillSurveyed(c) || (previous && previous.state !== 'not-sent')) {
    await surveyRepository.dropDue(due);
    return 'dropped';
  }
  const decision = decideNotification(c, { event: 'survey' });
  const at = now.toISOString();
  const base: SurveyRecord = {
    caseId: c.id,
    cityId: c.cityId,
    trackingNo: c.trackingNo,
    state: 'not-sent',
    dimensions: await surveyDimensionsOf(c, now),
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
  };
  try {
    if (!decision.send) {
      await surveyRepository.recordNotSent({
        // An earlier closure's not-sent record stays as it was counted.
        record: previous ?? { ...base, notSentReason: decision.reason },
        due,
        previous,
      });
      return 'not-sent';
    }
    const nonce = newSurveyNonce();
    const tokenHash = hashSurveyToken(deriveSurveyToken(await surveyTokenKey(), c.id, nonce));
    const record: SurveyRecord = {
      ...base,
      state: 'sent',
      nonce,
      tokenHash,
      sentAt: at,
      validUntil: surveyValidUntil(now).toISOString(),
    };
    const event = surveyEvent(c, 'survey_sent', SYSTEM, now, {
      closedEventId: due.closedEventId,
      channel: decision.channel,
      validUntil: record.validUntil,
    });
    await surveyRepository.recordSent({
      record,
      due,
      previous,
      events: [event],
      intents: [
        { intent: 'send-survey', caseId: c.id, eventId: event.eventId },
        ...analyticsIntents([event]),
      ],
      now,
    });
    return 'sent';
  } catch (err) {
    if (err instanceof SurveyStateConflictError) return 'conflict';
    throw err;
  }
}

/** Is the case still closed with a result that is surveyed? (A reopen or a correction ends the schedule.) */
function stillSurveyed(c: Case): boolean {
  return (
    c.status === 'CLOSED' && !c.anonymisedAt && c.result !== undefined && resultTriggersSurvey(c.result.code)
  );
}

/** One run over a city's due surveys. */
export async function sendDueSurveys(
  cityId: string,
  now: Date,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
): Promise<SendSurveysSummary> {
  const summary: SendSurveysSummary = {
    examined: 0,
    sent: 0,
    notSent: 0,
    dropped: 0,
    conflicts: 0,
    failures: 0,
    truncated: false,
  };
  for await (const page of surveyRepository.dueBefore(cityId, now.toISOString())) {
    for (const due of page) {
      if (remainingMs() < SAFETY_MARGIN_MS) {
        summary.truncated = true;
        return summary;
      }
      summary.examined++;
      try {
        const outcome = await handleDueSurvey(due, now);
        if (outcome === 'sent') summary.sent++;
        else if (outcome === 'not-sent') summary.notSent++;
        else if (outcome === 'dropped') summary.dropped++;
        else summary.conflicts++;
      } catch (err) {
        // One bad case must not stop the city's surveys; the due item stays for the next run.
        summary.failures++;
        logger.error('survey could not be sent', { caseId: due.caseId, error: err as Error });
      }
    }
  }
  return summary;
}

export const handler = workerHandler(sendAllCitiesSurveys);

async function sendAllCitiesSurveys(
  event: Partial<ScheduledEvent> | undefined,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<SendSurveysSummary> {
  const now = scheduledRunTime(event);
  const remaining = context ? () => context.getRemainingTimeInMillis() : undefined;
  const total: SendSurveysSummary = {
    examined: 0,
    sent: 0,
    notSent: 0,
    dropped: 0,
    conflicts: 0,
    failures: 0,
    truncated: false,
  };
  for (const city of await configurationRepository.listCities()) {
    const summary = await sendDueSurveys(city.cityId, now, remaining);
    logger.info('survey run', { at: now.toISOString(), cityId: city.cityId, ...summary });
    for (const k of ['examined', 'sent', 'notSent', 'dropped', 'conflicts', 'failures'] as const)
      total[k] += summary[k];
    total.truncated ||= summary.truncated;
  }
  return total;
}
