import {
  type CaseStatus,
  type Channel,
  channelLabels,
  type HoldReason,
  type NotificationChannel,
  type Priority,
  type PublicCatalog,
  RESULT_CODE_RULES,
  type ResultCode,
} from '@citydesk/domain';
import { localized } from '#lib/i18n/locale-format.ts';
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

/** The signed-in city's metropolitan municipality, from its catalogue (a deployment may serve several cities). */
export const metroTenantOf = (catalog?: PublicCatalog) =>
  catalog?.tenants.find((t) => t.type === 'metropolitan');
/** The city's utilities (water and sewerage), from its catalogue. */
export const utilityTenantsOf = (catalog?: PublicCatalog) =>
  catalog?.tenants.filter((t) => t.type === 'utility') ?? [];

/** The statuses after which a target date no longer matters. */
const finished: ReadonlySet<CaseStatus> = new Set(['RESOLVED', 'CLOSED', 'CANCELLED']);

/** An open case whose target resolution time has passed. */
export function isOverdue(status: CaseStatus, slaDueAt: string, now: number = Date.now()): boolean {
  return !finished.has(status) && Date.parse(slaDueAt) < now;
}

/** Name of a tenant (the metropolitan municipality, a utility or a district) from the catalogue. */
export function tenantName(tenantId: string, catalog?: PublicCatalog): string {
  return (
    catalog?.tenants?.find((t) => t.id === tenantId)?.name ??
    catalog?.districts.find((d) => d.tenantId === tenantId)?.name ??
    tenantId
  );
}

/** A district's own name ("Karesi"), where the location is; the municipality's name is the owner's. */
export function districtName(tenantId: string, catalog?: PublicCatalog): string {
  return catalog?.districts.find((d) => d.tenantId === tenantId)?.name ?? tenantName(tenantId, catalog);
}

/** Name of a unit (birim) in the page's language; the code only while the catalogue has not arrived. */
export function departmentName(code: string, catalog?: PublicCatalog): string {
  const department = catalog?.departments?.find((d) => d.code === code);
  return department ? localized(department.name) : code;
}

/** Name of a work type in the page's language. */
export function workTypeName(code: string, catalog?: PublicCatalog): string {
  const type = catalog?.workTypes.find((w) => w.code === code);
  return type ? localized(type.name) : code;
}

export const channelLabel = (channel: Channel): string => localized(channelLabels[channel]);
export const resultCodeLabel = (code: ResultCode): string => localized(RESULT_CODE_RULES[code].label);

const holdReasonText: Record<HoldReason, () => string> = {
  material: m.hold_reason_material,
  tender: m.hold_reason_tender,
  season: m.hold_reason_season,
  'other-institution': m.hold_reason_other_institution,
  'citizen-input': m.hold_reason_citizen_input,
  other: m.hold_reason_other,
};
export const holdReasonLabel = (reason: HoldReason): string => holdReasonText[reason]();

/**
 * A Turkish E.164 number grouped as people read it (`+905327654321` → `+90 532 765 43 21`).
 * Anything else (masked values, foreign numbers) is shown as the API sent it.
 */
export function formatPhone(value: string): string {
  const tr = /^\+90(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(value);
  return tr ? `+90 ${tr[1]} ${tr[2]} ${tr[3]} ${tr[4]}` : value;
}
