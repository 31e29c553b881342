import type { CaseStatus, NotificationChannel, Priority, PublicCatalog } from '@citydesk/domain';
import { m } from '#lib/paraglide/messages.js';

/* Localized vocabulary and formatting for the staff case screens. */

const priorityText: Record<Priority, () => string> = {
  low: m.priority_low,
  normal: m.priority_normal,
  high: m.priority_high,
  urgent: m.priority_urgent,
};

const channelText: Record<NotificationChannel, () => string> = {
  sms: m.notify_channel_sms,
  email: m.notify_channel_email,
  callback: m.notify_channel_callback,
  none: m.notify_channel_none,
};

export const priorityLabel = (priority: Priority): string => priorityText[priority]();
export const notificationChannelLabel = (channel: NotificationChannel): string => channelText[channel]();

export const METRO_TENANT_ID = 'balikesir-bb';
export const UTILITY_TENANT_ID = 'baski';

/** The statuses after which a target date no longer matters. */
const finished: ReadonlySet<CaseStatus> = new Set(['RESOLVED', 'CLOSED', 'CANCELLED']);

/** An open case whose target resolution time has passed. */
export function isOverdue(status: CaseStatus, slaDueAt: string, now: number = Date.now()): boolean {
  return !finished.has(status) && Date.parse(slaDueAt) < now;
}

/** Name of a tenant: the metropolitan municipality, BASKİ or a district from the catalogue. */
export function tenantName(tenantId: string, catalog?: PublicCatalog): string {
  if (tenantId === METRO_TENANT_ID) return m.cases_tenant_metro();
  if (tenantId === UTILITY_TENANT_ID) return m.cases_tenant_baski();
  return catalog?.districts.find((d) => d.tenantId === tenantId)?.name ?? tenantId;
}

/**
 * A Turkish E.164 number grouped as people read it (`+905327654321` → `+90 532 765 43 21`).
 * Anything else (masked values, foreign numbers) is shown as the API sent it.
 */
export function formatPhone(value: string): string {
  const tr = /^\+90(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(value);
  return tr ? `+90 ${tr[1]} ${tr[2]} ${tr[3]} ${tr[4]}` : value;
}
