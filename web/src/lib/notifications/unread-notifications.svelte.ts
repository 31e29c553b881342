import { fetchNotifications } from '#lib/api/staff-notifications-api.ts';

/*
 * The unread count the header bell shows, shared with the notifications page so that
 * "mark all read" clears the bell at once instead of at the next poll.
 */
class UnreadNotifications {
  count = $state(0);
  /** False until the first answer: the bell shows no number it has not read. */
  known = $state(false);

  async refresh(signal?: AbortSignal): Promise<void> {
    try {
      const { unreadCount } = await fetchNotifications({ limit: 1 }, signal);
      this.count = unreadCount;
      this.known = true;
    } catch {
      // A failed poll keeps the last count; the next one tries again.
    }
  }

  set(count: number): void {
    this.count = count;
    this.known = true;
  }
}

export const unreadNotifications = new UnreadNotifications();
