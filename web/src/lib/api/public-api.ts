import type {
  PublicCaseCreated,
  PublicCaseSubmission,
  PublicCatalog,
  PublicTrackView,
} from '@citydesk/domain';
import { apiRequest } from './http-client.ts';

/** The work types, districts and neighbourhoods the request form offers. */
export function fetchPublicCatalog(cityId?: string, signal?: AbortSignal): Promise<PublicCatalog> {
  const path = cityId ? `/v1/public/catalog?city=${encodeURIComponent(cityId)}` : '/v1/public/catalog';
  return apiRequest<PublicCatalog>('GET', path, signal ? { signal } : {});
}

/**
 * Files a citizen's request. The caller generates `idempotencyKey` once per filled-in
 * form and passes the same key when the citizen presses submit again after an error.
 */
export function submitPublicCase(
  submission: PublicCaseSubmission,
  idempotencyKey: string,
): Promise<PublicCaseCreated> {
  return apiRequest<PublicCaseCreated>('POST', '/v1/public/cases', { body: submission, idempotencyKey });
}

/** The public view of a case; `trackingNo` is the canonical 12 digits. */
export function fetchTrackView(trackingNo: string, signal?: AbortSignal): Promise<PublicTrackView> {
  return apiRequest<PublicTrackView>(
    'GET',
    `/v1/public/track/${encodeURIComponent(trackingNo)}`,
    signal ? { signal } : {},
  );
}
