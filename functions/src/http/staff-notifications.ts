import { staffNotificationView } from '@citydesk/data';
import { MarkNotificationsRead, type Principal, StaffNotificationListQuery } from '@citydesk/domain';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { staffNotificationRepository } from '#platform/staff-notification-runtime.ts';

/** Notifications belong to signed-in people; an API key has none. */
export function requireStaffUser(principal: Principal): void {
  if (principal.kind !== 'user') {
    throw new ProblemError('forbidden', {
      tr: 'Bildirimler yalnızca oturum açmış personel içindir.',
      en: 'Notifications are for signed-in staff only.',
    });
  }
}

/**
 * The caller's own notification list (GET /v1/staff/notifications: newest first,
 * cursor paging, the unread count for the bell) and marking entries read
 * (POST /v1/staff/notifications/read `{ids}` or `{all: true}`). Everything is keyed
 * by the caller's own user id: there is no way to name someone else's list.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  requireStaffUser(principal);
  if (req.event.requestContext.http.method === 'POST') {
    const body = parseJsonBody(req, MarkNotificationsRead);
    const marked =
      'all' in body
        ? await staffNotificationRepository.markAllRead(principal.userId)
        : await staffNotificationRepository.markRead(principal.userId, body.ids);
    const unreadCount = await staffNotificationRepository.unreadCount(principal.userId);
    return json(200, { marked, unreadCount }, req.lang);
  }
  const query = validate(StaffNotificationListQuery, req.event.queryStringParameters ?? {});
  const [page, unreadCount] = await Promise.all([
    staffNotificationRepository.list(principal.userId, query),
    staffNotificationRepository.unreadCount(principal.userId),
  ]);
  return json(
    200,
    {
      items: page.items.map(staffNotificationView),
      unreadCount,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    },
    req.lang,
  );
});
