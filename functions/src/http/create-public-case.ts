import { createHash, randomInt } from 'node:crypto';
import { IdempotencyKeyReusedError, newId, TrackingNumberTakenError } from '@citydesk/data';
import {
  checkSubmissionRules,
  formatTrackingNumber,
  generateTrackingNumber,
  openCase,
  type PublicCaseCreated,
  PublicCaseSubmission,
  validationMessages,
} from '@citydesk/domain';
import { z } from 'zod';
import { caseRepository } from '#platform/case-runtime.ts';
import { catalog, workTypesByCode } from '#platform/catalog-runtime.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { ProblemError } from '#platform/problem-details.ts';

/** Client-chosen key (a UUID is typical); replays within 24 h return the same case. */
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/);
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** 10^11 numbers: a collision is rare, three in a row means something else is wrong. */
const MAX_TRACKING_NUMBER_ATTEMPTS = 3;

export const handler = httpHandler(async (req) => {
  const submission = parseJsonBody(req, PublicCaseSubmission);
  const rawKey = req.header('idempotency-key');
  let key: string | undefined;
  if (rawKey !== undefined) {
    try {
      key = validate(IdempotencyKey, rawKey);
    } catch {
      throw new ProblemError('invalid-idempotency-key', {
        tr: 'Idempotency-Key 8–128 karakterlik harf, rakam veya -_.: olmalıdır (ör. bir UUID).',
        en: 'Idempotency-Key must be 8–128 letters, digits or -_.: (e.g. a UUID).',
      });
    }
  }
  const workType = workTypesByCode.get(submission.workTypeCode);
  if (!workType) {
    throw new ProblemError('business-rule-violated', undefined, [
      { path: 'workTypeCode', message: validationMessages['work-type.unknown'] },
    ]);
  }
  const violations = checkSubmissionRules(submission, workType);
  if (violations.length) {
    throw new ProblemError(
      'business-rule-violated',
      undefined,
      violations.map((v) => ({ path: v.path, message: validationMessages[v.message] })),
    );
  }
  const requestHash = createHash('sha256').update(JSON.stringify(submission)).digest('base64url');

  for (let attempt = 1; ; attempt++) {
    const opened = openCase({
      submission,
      workType,
      cityId: catalog.cityId,
      catalogVersion: catalog.version,
      caseId: newId(),
      eventId: newId(),
      trackingNo: generateTrackingNumber(randomInt),
      actor: { kind: 'citizen' },
      now: new Date(),
    });
    try {
      const result = await caseRepository.create({
        ...opened,
        ...(key
          ? {
              idempotency: {
                operation: 'create-public-case',
                key,
                requestHash,
                ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
              },
            }
          : {}),
      });
      const c = result.case;
      const body: PublicCaseCreated = {
        trackingNo: formatTrackingNumber(c.trackingNo),
        status: c.status,
        createdAt: c.createdAt,
        slaDueAt: c.slaDueAt,
      };
      return json(201, body, req.lang, {
        location: `/v1/public/track/${c.trackingNo}`,
        ...(result.outcome === 'replayed' ? { 'idempotent-replayed': 'true' } : {}),
      });
    } catch (err) {
      if (err instanceof TrackingNumberTakenError && attempt < MAX_TRACKING_NUMBER_ATTEMPTS) continue;
      if (err instanceof IdempotencyKeyReusedError) throw new ProblemError('idempotency-key-reused');
      throw err;
    }
  }
});
