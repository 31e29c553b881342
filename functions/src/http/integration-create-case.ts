import {
  can,
  formatTrackingNumber,
  type IntegrationCaseCreated,
  IntegrationCaseSubmission,
} from '@citydesk/domain';
import { fileCase, idempotencyKeyOf } from '#platform/case-filing.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json, parseJsonBody } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/**
 * A machine client files a case for a citizen: a district's call-centre software, the
 * CİMER, e-Devlet or Açık Kapı bridge. The key must carry `case.create`; every request
 * needs an `Idempotency-Key` (bridges retry on every timeout), and the sending system's
 * own reference, when given, is stored on the case and unique per tenant and system:
 * resending a CİMER number, even under a new idempotency key, answers with the case
 * it created (200 and `idempotent-replayed`), never a second one. The channel is the
 * one the citizen used, so CİMER and Açık Kapı cases get their statutory deadlines.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  if (principal.kind !== 'integration') {
    throw new ProblemError('forbidden', {
      tr: 'Bu adres yalnızca API anahtarıyla kullanılır.',
      en: 'This endpoint is for API keys only.',
    });
  }
  const idempotencyKey = idempotencyKeyOf(req);
  if (!idempotencyKey) {
    throw new ProblemError('invalid-idempotency-key', {
      tr: 'Entegrasyonlar her başvuruyu bir Idempotency-Key başlığıyla göndermelidir.',
      en: 'Integrations must send every case with an Idempotency-Key header.',
    });
  }
  const submission = parseJsonBody(req, IntegrationCaseSubmission);
  if (!can(principal, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' })) {
    throw new ProblemError('forbidden', {
      tr: 'Bu API anahtarının başvuru kaydetme yetkisi (case.create) yok.',
      en: 'This API key may not file cases (case.create scope).',
    });
  }
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw new ProblemError('tenant-not-found');
  const { externalReference, ...citizenForm } = submission;
  const { case: c, replayed } = await fileCase({
    runtime,
    submission: citizenForm,
    actor: { kind: 'integration', id: principal.userId, tenantId: principal.tenantId },
    // One key space per tenant: two of a tenant's keys (old and rotated) share it.
    operation: `create-integration-case#${principal.tenantId}`,
    idempotencyKey,
    requireAnswers: false,
    ...(externalReference
      ? { externalReference: { tenantId: principal.tenantId, reference: externalReference } }
      : {}),
  });
  const body: IntegrationCaseCreated = {
    caseId: c.id,
    trackingNo: formatTrackingNumber(c.trackingNo),
    status: c.status,
    channel: c.channel,
    ...(c.externalReference ? { externalReference: c.externalReference } : {}),
    createdAt: c.createdAt,
    slaDueAt: c.slaDueAt,
    ...(c.legalDueAt ? { legalDueAt: c.legalDueAt } : {}),
  };
  return json(replayed ? 200 : 201, body, req.lang, replayed ? { 'idempotent-replayed': 'true' } : {});
});
