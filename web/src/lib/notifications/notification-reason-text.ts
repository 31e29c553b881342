import type { StaffNotificationReason } from '@citydesk/domain';
import { m } from '#lib/paraglide/messages.js';

const reasonText: Record<StaffNotificationReason, () => string> = {
  'new-in-queue': m.snotif_reason_new_in_queue,
  assigned: m.snotif_reason_assigned,
  'sla-approaching': m.snotif_reason_sla_approaching,
  'sla-breached': m.snotif_reason_sla_breached,
  'watched-update': m.snotif_reason_watched_update,
};

/** Why a staff notification was sent, in the page's language. */
export const notificationReasonLabel = (reason: StaffNotificationReason): string => reasonText[reason]();
