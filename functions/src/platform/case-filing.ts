import { createHash, randomInt } from 'node:crypto';
import {
  IdempotencyKeyReusedError,
  type NewCase,
  newId,
  PhoneQuotaExceededError,
  TrackingNumberTakenError,
} from '@citydesk/data';
import {
  type Actor,
  answerQuestions,
  type Case,
  type CaseAttachment,
  type ClosedAtIntakeCase,
  checkSubmissionRules,
  describeWithAnswers,
  type ExternalReference,
  type FiledCase,
  generateTrackingNumber,
  openCase,
  requiresAnswers,
  type ValidatedSubmission,
  validationMessages,
} from '@citydesk/domain';
import * as z from 'zod';
import { caseRepository } from './case-runtime.ts';
import type { CityRuntime } from './city-runtime.ts';
import { type HttpRequest, validate } from './http-handler.ts';
import { businessMetrics, countMetric } from './metrics.ts';
import { ProblemError } from './problem-details.ts';

/** Client-chosen key (a UUID is typical); replays within 24 h return the same case. */
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/);
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** 10^11 numbers: a collision is rare, three in a row means something else is wrong. */
const MAX_TRACKING_NUMBER_ATTEMPTS = 3;

/** The request's `Idempotency-Key` header, validated; absent means "not idempotent". */
export function idempotencyKeyOf(req: HttpRequest): string | undefined {
  const raw = req.header('idempotency-key');
  if (raw === undefined) return undefined;
  try {
    return validate(IdempotencyKey, raw);
  } catch {
    throw new ProblemError('invalid-idempotency-key', {
      tr: 'Idempotency-Key 8–128 karakterlik harf, rakam veya -_.: olmalıdır (ör. bir UUID).',
      en: 'Idempotency-Key must be 8–128 letters, digits or -_.: (e.g. a UUID).',
    });
  }
}

/**
 * Files a case from any intake (citizen portal, call centre, muhtar): checks the
 * work type's rules, opens the case and stores it in one transaction. With an
 * idempotency key, a retried request returns the case the first one created.
 */
export async function fileCase(input: {
  /** The city's configuration now: the case records its version and keeps it. */
  runtime: CityRuntime;
  submission: ValidatedSubmission;
  actor: Actor;
  /** Scopes idempotency keys per intake, so two intakes never collide. */
  operation: string;
  idempotencyKey: string | undefined;
  /**
   * Another system's reference for the request (integration API): stored on the case
   * and unique per submitting tenant, so resending it returns the first case.
   */
  externalReference?: { tenantId: string; reference: ExternalReference };
  /**
   * Files the intake already stored under the case's prefix (an Open311 photo posted
   * with the request), with the id the case must get for their keys to match.
   */
  stored?: { caseId: string; attachments: CaseAttachment[] };
  /**
   * Closes the case in the same transaction instead of routing it: the call centre's
   * first-contact answer or linked duplicate (domain call-centre-intake.ts). It may
   * throw a problem (a rule the closure breaks); nothing is stored then. A linked
   * duplicate's citizen subscribes to the master in the same transaction.
   */
  closeAtIntake?: (filed: FiledCase) => ClosedAtIntakeCase & Pick<NewCase, 'subscribeTo'>;
  /** Self-service intake: at most this many cases a day per citizen phone (429 beyond). */
  phoneQuotaPerDay?: number;
  /**
   * Whether the work type's required extra questions must be answered; by default
   * when the citizen fills the form or is there to be asked (`requiresAnswers`). Never
   * for bridges relaying another system's complaint, messages converted from the
   * inbox, cases closed in the call, or Open311 (it has checked its jurisdiction's
   * questions into the description).
   */
  requireAnswers?: boolean;
}): Promise<{ case: Case; replayed: boolean }> {
  const { submission, idempotencyKey, runtime, externalReference } = input;
  const workType = runtime.workTypesByCode.get(submission.workTypeCode);
  const cityWide = runtime.overrideOf(runtime.metroTenantId, submission.workTypeCode);
  if (!workType || (cityWide && !cityWide.enabled)) {
    throw new ProblemError('business-rule-violated', undefined, [
      { path: 'workTypeCode', message: validationMessages['work-type.unknown'] },
    ]);
  }
  // The questions the public catalogue shows with the work type: the city-wide ones.
  const answered = answerQuestions(cityWide?.questions ?? [], submission.answers ?? {}, {
    required: input.requireAnswers ?? requiresAnswers(submission.channel),
  });
  const violations = [...checkSubmissionRules(submission, workType), ...answered.violations];
  if (violations.length) {
    throw new ProblemError(
      'business-rule-violated',
      undefined,
      violations.map((v) => ({ path: v.path, message: validationMessages[v.message] })),
    );
  }
  const requestHash = createHash('sha256')
    .update(JSON.stringify(externalReference ? { submission, externalReference } : submission))
    .digest('base64url');
  for (let attempt = 1; ; attempt++) {
    const opened = openCase({
      submission: { ...submission, description: describeWithAnswers(submission.description, answered.lines) },
      workType,
      cityId: runtime.cityId,
      catalogVersion: runtime.catalog.version,
      configVersion: runtime.version,
      caseId: input.stored?.caseId ?? newId(),
      eventId: newId(),
      trackingNo: generateTrackingNumber(randomInt),
      actor: input.actor,
      now: new Date(),
      // The owner is decided by routing after intake; the clocks start on the city's calendar.
      calendar: runtime.calendarFor(),
    });
    if (externalReference) opened.case.externalReference = externalReference.reference;
    if (input.stored) opened.case.attachments = [...opened.case.attachments, ...input.stored.attachments];
    const filed = input.closeAtIntake ? input.closeAtIntake(opened) : opened;
    try {
      const result = await caseRepository.create({
        ...filed,
        ...(externalReference
          ? { externalReference: { tenantId: externalReference.tenantId, ...externalReference.reference } }
          : {}),
        ...(input.phoneQuotaPerDay ? { phoneQuota: { perDay: input.phoneQuotaPerDay } } : {}),
        ...(idempotencyKey
          ? {
              idempotency: {
                operation: input.operation,
                key: idempotencyKey,
                requestHash,
                ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
              },
            }
          : {}),
      });
      if (result.outcome !== 'replayed') countMetric(businessMetrics.casesCreated);
      return { case: result.case, replayed: result.outcome === 'replayed' };
    } catch (err) {
      if (err instanceof TrackingNumberTakenError && attempt < MAX_TRACKING_NUMBER_ATTEMPTS) continue;
      if (err instanceof IdempotencyKeyReusedError) throw new ProblemError('idempotency-key-reused');
      if (err instanceof PhoneQuotaExceededError) throw new ProblemError('phone-quota-exceeded');
      throw err;
    }
  }
}
