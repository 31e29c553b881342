import type {
  AttachmentConfirmed,
  AttachmentContentTypeName,
  AttachmentDownload,
  AttachmentPurpose,
  AttachmentUploadTicket,
  BulkAssignRequest,
  BulkAssignResult,
  Case,
  CaseAttachment,
  CaseCommandName,
  CaseCommentRequest,
  CaseEvent,
  CitizenContact,
  PiiAccessLevel,
  StaffCaseCreated,
  StaffCaseList,
  StaffCaseSubmission,
  StaffDirectory,
  StaffProfile,
  StaffQueue,
} from '@citydesk/domain';
import type { QueueQuery } from '#lib/cases/queue-filters.ts';
import { NetworkError } from './api-errors.ts';
import { authedRequest } from './authed-fetch.ts';

/** Who the signed-in staff member is, as the API resolved it from the verified ID token. */
export function fetchStaffProfile(signal?: AbortSignal): Promise<StaffProfile> {
  return authedRequest<StaffProfile>('GET', '/v1/staff/me', signal ? { signal } : {});
}

/** One page of a tenant's cases, newest first; no personal data. */
export function fetchStaffCases(
  query: { tenantId?: string; limit?: number; cursor?: string },
  signal?: AbortSignal,
): Promise<StaffCaseList> {
  const params = new URLSearchParams();
  if (query.tenantId) params.set('tenantId', query.tenantId);
  if (query.limit) params.set('limit', String(query.limit));
  if (query.cursor) params.set('cursor', query.cursor);
  const search = params.toString();
  return authedRequest<StaffCaseList>(
    'GET',
    `/v1/staff/cases${search ? `?${search}` : ''}`,
    signal ? { signal } : {},
  );
}

/** A case as a staff member may see it: personal data masked or removed per role. */
export interface StaffCaseDetail {
  case: Case;
  piiAccess: PiiAccessLevel;
  timeline: CaseEvent[];
  /** The workflow steps this user may take on the case now (the API's `allowedActions`). */
  allowedActions: CaseCommandName[];
}

/** A case and its timeline; a 404 means missing or not visible (the API does not say which). */
export function fetchStaffCase(id: string, signal?: AbortSignal): Promise<StaffCaseDetail> {
  return authedRequest<StaffCaseDetail>(
    'GET',
    `/v1/staff/cases/${encodeURIComponent(id)}`,
    signal ? { signal } : {},
  );
}

/** The citizen's contact and address in clear. The API records the reason (KVKK audit). */
export interface UnmaskedPersonalData {
  contact: CitizenContact | null;
  address: string | null;
}

export function unmaskCasePii(id: string, request: { reason: string }): Promise<UnmaskedPersonalData> {
  return authedRequest<UnmaskedPersonalData>('POST', `/v1/staff/cases/${encodeURIComponent(id)}/pii-unmask`, {
    body: request,
  });
}

const casePath = (id: string) => `/v1/staff/cases/${encodeURIComponent(id)}`;
const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

/** One page of a work queue, by priority then SLA due time (`query` from the page's filters). */
export function fetchStaffQueue(
  query: QueueQuery & { limit?: number; cursor?: string },
  signal?: AbortSignal,
): Promise<StaffQueue> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return authedRequest<StaffQueue>('GET', `/v1/staff/queue${search ? `?${search}` : ''}`, opts(signal));
}

/**
 * One workflow step (accept, assign, resolve…) at the version the user saw. Answers
 * with the updated case; a 409 `version-conflict` means someone else was faster.
 */
export function sendCaseCommand(caseId: string, command: Record<string, unknown>): Promise<StaffCaseDetail> {
  return authedRequest<StaffCaseDetail>('POST', `${casePath(caseId)}/actions`, { body: command });
}

/** An internal note or a public comment; `commentId` makes a retry record it once. */
export function addCaseComment(
  caseId: string,
  comment: CaseCommentRequest,
): Promise<{ commentId: string; replayed?: boolean }> {
  return authedRequest('POST', `${casePath(caseId)}/comments`, { body: comment });
}

/** The people and teams of the user's organisation that work can be assigned to. */
export function fetchStaffDirectory(departmentCode?: string, signal?: AbortSignal): Promise<StaffDirectory> {
  const search = departmentCode ? `?departmentCode=${encodeURIComponent(departmentCode)}` : '';
  return authedRequest<StaffDirectory>('GET', `/v1/staff/directory${search}`, opts(signal));
}

/** Assigns several cases at once, each at the version the queue showed. */
export function bulkAssign(request: BulkAssignRequest): Promise<BulkAssignResult> {
  return authedRequest<BulkAssignResult>('POST', '/v1/staff/queue/assign', { body: request });
}

/** Files a case for a citizen (call centre, walk-in desk…); the key makes a retried submit harmless. */
export function fileStaffCase(
  submission: StaffCaseSubmission,
  idempotencyKey: string,
): Promise<StaffCaseCreated> {
  return authedRequest<StaffCaseCreated>('POST', '/v1/staff/cases', { body: submission, idempotencyKey });
}

/**
 * Uploads a file to a case in the three steps of the attachments API: ask for a
 * presigned POST, send the bytes straight to storage, then have the API check the
 * stored object (its real type, its size) and add it to the case.
 */
export async function uploadCaseAttachment(
  caseId: string,
  file: File,
  contentType: AttachmentContentTypeName,
  purpose: AttachmentPurpose,
): Promise<CaseAttachment> {
  const ticket = await authedRequest<AttachmentUploadTicket>('POST', `${casePath(caseId)}/attachments`, {
    body: { fileName: file.name, contentType, sizeBytes: file.size, purpose },
  });
  const form = new FormData();
  // The policy's fields first: S3 ignores everything after the file.
  for (const [name, value] of Object.entries(ticket.upload.fields)) form.append(name, value);
  // Sent under the type the policy was signed for (a browser may report none, e.g. for HEIC).
  form.append('file', new Blob([file], { type: contentType }), file.name);
  let stored: Response;
  try {
    stored = await fetch(ticket.upload.url, { method: 'POST', body: form });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!stored.ok) throw new UploadRejectedError(stored.status);
  const confirmed = await authedRequest<AttachmentConfirmed>(
    'POST',
    `${casePath(caseId)}/attachments/${encodeURIComponent(ticket.attachmentId)}/confirm`,
    { body: {} },
  );
  return confirmed.attachment;
}

/** Storage refused the upload itself (expired ticket, file larger than the policy allows). */
export class UploadRejectedError extends Error {
  constructor(readonly status: number) {
    super(`upload rejected with ${status}`);
    this.name = 'UploadRejectedError';
  }
}

/** A short-lived download address for one attachment, after the API checked the user may read the case. */
export function fetchAttachmentDownload(caseId: string, attachmentId: string): Promise<AttachmentDownload> {
  return authedRequest<AttachmentDownload>(
    'GET',
    `${casePath(caseId)}/attachments/${encodeURIComponent(attachmentId)}`,
  );
}
