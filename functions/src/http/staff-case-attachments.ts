import {
  type AttachmentStore,
  attachmentKey,
  attachmentStoreFromEnvironment,
  newId,
  type StoredObject,
  VersionConflictError,
} from '@citydesk/data';
import {
  AttachmentConfirmRequest,
  AttachmentId,
  AttachmentUploadRequest,
  type AttachRefusal,
  actorOf,
  attachRefusal,
  attachToCase,
  type Case,
  type CaseAccessFacts,
  CaseAttachment,
  CaseId,
  checkAttachmentContent,
  findAttachment,
  isAttachmentContentType,
  MAX_ATTACHMENTS_PER_CASE,
  maxAttachmentBytes,
  type Principal,
  piiAccess,
  SNIFF_BYTES,
} from '@citydesk/domain';
import { audit, loadReadableCase, versionConflict } from '#platform/case-access.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { type HttpRequest, httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { logger } from '#platform/logger.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { attachmentsBucket } from '../manifest.ts';

/*
 * Case attachments (photos, videos, voice notes, PDFs) for staff, in three steps:
 *   POST …/attachments                      a presigned S3 POST form for one file;
 *   POST …/attachments/{attachmentId}/confirm  the stored bytes checked, then the file joins the case;
 *   GET  …/attachments/{attachmentId}          a short-lived download link.
 * The bytes never pass through the API (Lambda payloads are small and slow to bill);
 * the case changes only when a confirmed file's real type has been checked.
 */

/** Long enough to pick a file on a phone and send it over a slow mobile link. */
const UPLOAD_TTL_SECONDS = 10 * 60;
/** A download link is for clicking now, not for sharing. */
const DOWNLOAD_TTL_SECONDS = 5 * 60;
/** Concurrent changes to a busy case before the confirmation gives up with 409. */
const CONFIRM_ATTEMPTS = 4;

const store: AttachmentStore = attachmentStoreFromEnvironment(attachmentsBucket.envVar);

const attachmentNotFound = () =>
  new ProblemError('attachment-not-found', {
    tr: 'Bu başvuruda bu kimlikle bir dosya yok. Yükleme tamamlanmadıysa dosyayı yeniden yükleyin.',
    en: 'This case has no file with this id. If the upload did not finish, upload the file again.',
  });

function refusalProblem(refusal: AttachRefusal): ProblemError {
  switch (refusal) {
    case 'forbidden':
      return new ProblemError('action-not-allowed', {
        tr: 'Bu başvuruya dosya ekleme yetkiniz yok.',
        en: 'You may not add files to this case.',
      });
    case 'anonymised':
      return new ProblemError('business-rule-violated', {
        tr: 'Bu başvurunun kişisel verileri silinmiş (KVKK); yeni dosya eklenemez.',
        en: "This case's personal data was erased (KVKK); no files can be added.",
      });
    case 'limit-reached':
      return new ProblemError('business-rule-violated', {
        tr: `Bir başvuruya en fazla ${MAX_ATTACHMENTS_PER_CASE} dosya eklenebilir.`,
        en: `A case can hold at most ${MAX_ATTACHMENTS_PER_CASE} files.`,
      });
  }
}

function assertMayAttach(c: Case, principal: Principal, facts: CaseAccessFacts): void {
  const refusal = attachRefusal(c, principal, facts);
  if (refusal) throw refusalProblem(refusal);
}

/**
 * Step 1: a presigned POST form for one file. The object goes under the owning
 * tenant's prefix (before routing, the prefix of the tenant that collected it). The
 * policy pins type, metadata and size; nothing is written to the case yet.
 */
async function requestUpload(req: HttpRequest, principal: Principal, caseId: string) {
  const request = parseJsonBody(req, AttachmentUploadRequest);
  const { case: c, facts } = await loadReadableCase(principal, caseId);
  assertMayAttach(c, principal, facts);
  const attachmentId = newId();
  const upload = await store.presignUpload({
    key: attachmentKey(c.ownerTenantId ?? principal.tenantId, caseId, attachmentId),
    contentType: request.contentType,
    maxBytes: maxAttachmentBytes(request.contentType),
    upload: {
      caseId,
      attachmentId,
      fileName: request.fileName,
      purpose: request.purpose,
      uploaderId: principal.userId,
    },
    expiresInSeconds: UPLOAD_TTL_SECONDS,
  });
  return json(
    201,
    {
      attachmentId,
      upload: { url: upload.url, fields: upload.fields },
      expiresAt: upload.expiresAt.toISOString(),
    },
    req.lang,
  );
}

/**
 * Where an upload landed: under the owner's prefix, or (if the case was routed or
 * transferred in between) the prefix of the uploader's tenant or a former owner.
 */
async function locateUpload(
  c: Case,
  facts: CaseAccessFacts,
  principal: Principal,
  attachmentId: string,
): Promise<{ key: string; storageTenantId: string; object: StoredObject } | undefined> {
  const tenants = new Set(
    [c.ownerTenantId, principal.tenantId, ...facts.formerOwnerTenantIds].filter((t): t is string => !!t),
  );
  for (const storageTenantId of tenants) {
    const key = attachmentKey(storageTenantId, c.id, attachmentId);
    const object = await store.describe(key);
    if (object) return { key, storageTenantId, object };
  }
  return undefined;
}

/** Refuses a stored file whose bytes are not what was declared; the object is deleted first. */
async function refuseStoredFile(
  key: string,
  problem: ProblemError,
  details: Record<string, unknown>,
): Promise<never> {
  await store.delete(key);
  // A security signal (a renamed executable?), without the file name: it may name a person.
  logger.warn('attachment refused', { key, problem: problem.code, ...details });
  throw problem;
}

/**
 * Step 2: checks the stored object (size, declared type against its first bytes)
 * and appends it to the case with an `attachment_added` event, conditional on the
 * version. Confirming twice returns the same attachment.
 */
async function confirmUpload(req: HttpRequest, principal: Principal, caseId: string, attachmentId: string) {
  const request = req.event.body?.trim()
    ? parseJsonBody(req, AttachmentConfirmRequest)
    : validate(AttachmentConfirmRequest, {});
  let { case: c, facts } = await loadReadableCase(principal, caseId);
  const confirmed = findAttachment(c, attachmentId);
  if (confirmed) return json(200, { attachment: confirmed }, req.lang);
  assertMayAttach(c, principal, facts);
  if (request.expectedVersion !== undefined && request.expectedVersion !== c.version)
    throw versionConflict(c);

  const located = await locateUpload(c, facts, principal, attachmentId);
  const upload = located?.object.upload;
  // Someone else's pending upload is not yours to confirm: it does not exist for you.
  if (!located || !upload || upload.caseId !== caseId || upload.attachmentId !== attachmentId) {
    throw attachmentNotFound();
  }
  if (upload.uploaderId !== principal.userId) throw attachmentNotFound();
  const { key, object } = located;
  const declaredType = object.contentType ?? '';
  if (!isAttachmentContentType(declaredType)) {
    return refuseStoredFile(
      key,
      new ProblemError('attachment-type-mismatch', {
        tr: 'Dosya izin verilen bir türde kaydedilmemiş.',
        en: 'The file was not stored with an allowed type.',
      }),
      { declaredType },
    );
  }
  const head = await store.readHead(key, SNIFF_BYTES);
  const problem = checkAttachmentContent({ declaredType, sizeBytes: object.sizeBytes, head });
  if (problem?.problem === 'too-large') {
    return refuseStoredFile(
      key,
      new ProblemError('attachment-too-large', {
        tr: `Bu türde bir dosya en fazla ${problem.maxBytes / 1024 / 1024} MB olabilir.`,
        en: `A file of this type may be at most ${problem.maxBytes / 1024 / 1024} MB.`,
      }),
      { declaredType, sizeBytes: object.sizeBytes },
    );
  }
  if (problem) {
    return refuseStoredFile(
      key,
      new ProblemError('attachment-type-mismatch', {
        tr: `Dosyanın içeriği bildirilen türde (${declaredType}) değil; dosya silindi.`,
        en: `The file's content is not of its declared type (${declaredType}); the file was deleted.`,
      }),
      { declaredType, detected: problem.problem === 'type-mismatch' ? problem.detected : [] },
    );
  }

  // Tagged before it joins the case: a lifecycle expiry of a file the case points to
  // would lose evidence, while a tagged file whose save then fails merely waits for
  // the retried confirmation.
  await store.markConfirmed(key);
  const attachment = CaseAttachment.parse({
    id: attachmentId,
    fileName: upload.fileName,
    contentType: declaredType,
    sizeBytes: object.sizeBytes,
    purpose: upload.purpose,
    uploadedAt: (object.lastModified ?? new Date()).toISOString(),
    uploadedBy: actorOf(principal),
    storageTenantId: located.storageTenantId,
  });

  for (let attempt = 1; ; attempt++) {
    const outcome = attachToCase(c, attachment, { principal, facts, now: new Date(), newEventId: newId });
    if (!outcome.ok) throw refusalProblem(outcome.error);
    if (outcome.replayed) return json(200, { attachment: outcome.attachment }, req.lang);
    try {
      await caseRepository.saveTransition({
        before: c,
        after: outcome.after,
        events: outcome.events,
        intents: outcome.intents,
      });
      return json(200, { attachment }, req.lang);
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      // Adding a file does not depend on the rest of the case, so another change is
      // no reason to fail, unless the caller pinned the version it saw.
      ({ case: c, facts } = await loadReadableCase(principal, caseId));
      if (request.expectedVersion !== undefined || attempt >= CONFIRM_ATTEMPTS) throw versionConflict(c);
    }
  }
}

/**
 * Step 3: a presigned GET, after the same read check as the case itself. Roles that
 * see a case without its personal data see no attachments either (maskCase), so they
 * get no link. Each link handed out is audited: files often show people.
 */
async function downloadLink(req: HttpRequest, principal: Principal, caseId: string, attachmentId: string) {
  const { case: c, facts } = await loadReadableCase(principal, caseId);
  const attachment = piiAccess(principal, facts) === 'none' ? undefined : findAttachment(c, attachmentId);
  if (!attachment) throw attachmentNotFound();
  const link = await store.presignDownload({
    key: attachmentKey(attachment.storageTenantId, caseId, attachment.id),
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    expiresInSeconds: DOWNLOAD_TTL_SECONDS,
  });
  await audit(req, principal, {
    action: 'attachment.download',
    caseId,
    ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    details: { attachmentId: attachment.id },
  });
  return json(200, { url: link.url, expiresAt: link.expiresAt.toISOString() }, req.lang);
}

/** One module for the three attachment routes (one function each on AWS, per the manifest). */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const caseId = validate(CaseId, req.event.pathParameters?.caseId);
  const rawAttachmentId = req.event.pathParameters?.attachmentId;
  if (rawAttachmentId === undefined) return requestUpload(req, principal, caseId);
  const attachmentId = validate(AttachmentId, rawAttachmentId);
  if (req.event.requestContext.http.method === 'GET')
    return downloadLink(req, principal, caseId, attachmentId);
  return confirmUpload(req, principal, caseId, attachmentId);
});
