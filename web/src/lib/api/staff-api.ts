import type {
  Case,
  CaseEvent,
  CitizenContact,
  PiiAccessLevel,
  StaffCaseList,
  StaffProfile,
} from '@citydesk/domain';
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
