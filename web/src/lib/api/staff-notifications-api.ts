import type { StaffNotificationList, StaffNotificationPreferences, WatchedCase } from '@citydesk/domain';
import { authedRequest } from './authed-fetch.ts';

/*
 * The signed-in person's own notifications, preference and watched cases
 * (GET/POST /v1/staff/notifications, /v1/staff/me/notification-preferences,
 * /v1/staff/cases/{id}/watch, /v1/staff/watching).
 */

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

/** One page of notifications, newest first, and the unread count. */
export function fetchNotifications(
  query: { cursor?: string; limit?: number } = {},
  signal?: AbortSignal,
): Promise<StaffNotificationList> {
  const params = new URLSearchParams();
  if (query.cursor) params.set('cursor', query.cursor);
  if (query.limit) params.set('limit', String(query.limit));
  const search = params.toString();
  return authedRequest<StaffNotificationList>(
    'GET',
    `/v1/staff/notifications${search ? `?${search}` : ''}`,
    opts(signal),
  );
}

export function markNotificationsRead(
  request: { ids: string[] } | { all: true },
): Promise<{ marked: number; unreadCount: number }> {
  return authedRequest('POST', '/v1/staff/notifications/read', { body: request });
}

export function fetchNotificationPreferences(signal?: AbortSignal): Promise<StaffNotificationPreferences> {
  return authedRequest<StaffNotificationPreferences>(
    'GET',
    '/v1/staff/me/notification-preferences',
    opts(signal),
  );
}

export function saveNotificationPreferences(
  preferences: StaffNotificationPreferences,
): Promise<StaffNotificationPreferences> {
  return authedRequest<StaffNotificationPreferences>('PUT', '/v1/staff/me/notification-preferences', {
    body: preferences,
  });
}

export async function fetchWatchedCases(signal?: AbortSignal): Promise<WatchedCase[]> {
  const { items } = await authedRequest<{ items: WatchedCase[] }>('GET', '/v1/staff/watching', opts(signal));
  return items;
}

export function watchCase(caseId: string): Promise<WatchedCase> {
  return authedRequest<WatchedCase>('POST', `/v1/staff/cases/${encodeURIComponent(caseId)}/watch`, {});
}

export function unwatchCase(caseId: string): Promise<{ caseId: string; watching: false }> {
  return authedRequest('DELETE', `/v1/staff/cases/${encodeURIComponent(caseId)}/watch`, {});
}
