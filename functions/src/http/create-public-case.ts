import { formatTrackingNumber, type PublicCaseCreated, PublicCaseSubmission } from '@citydesk/domain';
import { fileCase, idempotencyKeyOf } from '#platform/case-filing.ts';
import { publicCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json, parseJsonBody } from '#platform/http-handler.ts';

/**
 * Cases a day one citizen phone may file here (the manifest's default; 0 lifts it): the
 * per-phone half of the abuse limits, next to WAF's per-address one.
 */
const phoneQuotaPerDay = Number(process.env.PUBLIC_CASES_PER_PHONE_PER_DAY ?? '10');

/** A citizen files a case on the portal, the app or a kiosk. */
export const handler = httpHandler(async (req) => {
  const submission = parseJsonBody(req, PublicCaseSubmission);
  const idempotencyKey = idempotencyKeyOf(req);
  const { case: c, replayed } = await fileCase({
    runtime: await publicCityRuntime(req.event.queryStringParameters),
    submission,
    actor: { kind: 'citizen' },
    operation: 'create-public-case',
    idempotencyKey,
    phoneQuotaPerDay,
  });
  const body: PublicCaseCreated = {
    trackingNo: formatTrackingNumber(c.trackingNo),
    status: c.status,
    createdAt: c.createdAt,
    slaDueAt: c.slaDueAt,
  };
  return json(201, body, req.lang, {
    location: `/v1/public/track/${c.trackingNo}`,
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
});
