import type {
  ManagedUser,
  ManagedUserList,
  PasswordResetIssued,
  UserImportReport,
  UserInvitation,
  UserInvited,
  UserUpdate,
} from '@citydesk/domain';
import { authedRequest } from './authed-fetch.ts';

/*
 * The user-administration API. Temporary passwords come back from invite and reset
 * only; the page shows one once and keeps it nowhere.
 */

const base = '/v1/admin/users';
const one = (username: string) => `${base}/${encodeURIComponent(username)}`;

export function listUsers(query: { q?: string; tenantId?: string; cursor?: string }) {
  const params = new URLSearchParams({ limit: '50' });
  if (query.q) params.set('q', query.q);
  if (query.tenantId) params.set('tenantId', query.tenantId);
  if (query.cursor) params.set('cursor', query.cursor);
  return authedRequest<ManagedUserList>('GET', `${base}?${params.toString()}`);
}

export const inviteUser = (body: UserInvitation) => authedRequest<UserInvited>('POST', base, { body });

export const updateUser = (username: string, body: UserUpdate) =>
  authedRequest<ManagedUser>('PATCH', one(username), { body });

export const disableUser = (username: string) =>
  authedRequest<ManagedUser>('POST', `${one(username)}/disable`, { body: {} });

export const enableUser = (username: string) =>
  authedRequest<ManagedUser>('POST', `${one(username)}/enable`, { body: {} });

export const resetUserPassword = (username: string) =>
  authedRequest<PasswordResetIssued>('POST', `${one(username)}/reset-password`, { body: {} });

/** A dry run (default) reports per row; `dryRun: false` creates the rows that pass. */
export function importUsers(csv: string, options: { dryRun: boolean; tenantId?: string }) {
  const params = new URLSearchParams({ dryRun: String(options.dryRun) });
  if (options.tenantId) params.set('tenantId', options.tenantId);
  return authedRequest<UserImportReport>('POST', `${base}/import?${params.toString()}`, { body: { csv } });
}
