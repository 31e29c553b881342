import {
  can,
  foldTurkish,
  formatTrackingNumber,
  isMuhtarOnly,
  muhtarLocation,
  type StaffCaseCreated,
  StaffCaseSubmission,
} from '@citydesk/domain';
import { fileCase, idempotencyKeyOf } from '#platform/case-filing.ts';
import { userDirectoryRepository } from '#platform/case-runtime.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json, parseJsonBody } from '#platform/http-handler.ts';
import { muhtarChannelRepository, phoneClaimOf } from '#platform/incident-runtime.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/**
 * A call-centre agent, desk officer or muhtar files a case for a citizen. The staff
 * member is the `created` event's actor (muhtars follow what they filed); a muhtar
 * always files through the muhtarlık channel.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const submission = parseJsonBody(req, StaffCaseSubmission);
  // A case being filed has no owner yet: the `intake` reach decides.
  if (!can(principal, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' })) {
    throw new ProblemError('forbidden', {
      tr: 'Başvuru kaydetme yetkiniz yok.',
      en: 'You may not file cases.',
    });
  }
  const muhtar = isMuhtarOnly(principal);
  const channel = muhtar ? 'muhtar' : submission.channel;
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw new ProblemError('tenant-not-found');
  // A muhtar files for their own neighbourhood, whatever the form said (muhtar-channel.ts).
  const location =
    muhtar && principal.neighbourhood
      ? muhtarLocation(
          submission.location,
          principal.neighbourhood,
          runtime.catalog.neighbourhoods.find(
            (n) =>
              n.districtTenantId === principal.tenantId &&
              foldTurkish(n.name) === foldTurkish(principal.neighbourhood ?? ''),
          )?.centroid,
        )
      : submission.location;
  const { case: c, replayed } = await fileCase({
    runtime,
    submission: { ...submission, channel, ...(location ? { location } : {}) },
    actor: { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
    operation: `create-staff-case#${principal.userId}`,
    idempotencyKey: idempotencyKeyOf(req),
  });
  // The muhtar hears of every stage by SMS, at the number on their account (repeating is harmless).
  const phone = muhtar
    ? (phoneClaimOf(req) ??
      (await userDirectoryRepository.contactPhone(principal.tenantId, principal.userId)))
    : undefined;
  if (muhtar && phone) {
    await muhtarChannelRepository.follow(c.id, {
      userId: principal.userId,
      tenantId: principal.tenantId,
      phone,
    });
  }
  const body: StaffCaseCreated = {
    caseId: c.id,
    trackingNo: formatTrackingNumber(c.trackingNo),
    status: c.status,
    createdAt: c.createdAt,
    slaDueAt: c.slaDueAt,
  };
  return json(201, body, req.lang, { ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
});
