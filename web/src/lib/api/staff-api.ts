import type { StaffProfile } from '@citydesk/domain';
import { authedRequest } from './authed-fetch.ts';

/** Who the signed-in staff member is, as the API resolved it from the verified ID token. */
export function fetchStaffProfile(signal?: AbortSignal): Promise<StaffProfile> {
  return authedRequest<StaffProfile>('GET', '/v1/staff/me', signal ? { signal } : {});
}
