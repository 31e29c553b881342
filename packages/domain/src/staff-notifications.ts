import * as z from 'zod';
import { CaseId, CaseStatus } from './case.ts';
import { type CaseEvent, CaseEventType } from './case-event.ts';
import type { TenantSettings } from './city-configuration.ts';
import { Language, LocalizedText } from './localized-text.ts';
import type { StaffAudience } from './outbox-intent.ts';
import type { Role } from './principal.ts';
import type { SlaEscalationLevel } from './sla-escalation.ts';
import { formatTrackingNumber } from './tracking-number.ts';

/*
 * Staff notifications (issue 7): who among a tenant's people hears about a case
 * event, and why. Pure: the notification worker loads the case, its timeline, the
 * directories and the watchers, asks these functions for the recipients, checks
 * each one against the authorization module and writes one inbox entry per
 * (user, case, event, reason). The reasons:
 *
 *   new-in-queue     the case was routed, transferred, returned or reopened into a queue
 *   assigned         the case was assigned to the person (or to their team)
 *   sla-approaching  the SLA sweep warns the unit (80 % of the window)
 *   sla-breached     the sweep tells the supervisor, the coordination centre, the manager
 *   watched-update   anything happened on a case the person watches
 *
 * One event gives a person at most one entry: the most specific reason wins.
 */

export const StaffNotificationReason = z.enum([
  'new-in-queue',
  'assigned',
  'sla-approaching',
  'sla-breached',
  'watched-update',
]);
export type StaffNotificationReason = z.infer<typeof StaffNotificationReason>;

/** Most specific first: the reason a person gets when one event concerns them twice. */
const REASON_RANK: readonly StaffNotificationReason[] = [
  'assigned',
  'sla-breached',
  'sla-approaching',
  'new-in-queue',
  'watched-update',
];

/** `off`: in-app only; `immediate`: also one e-mail per entry. */
export const StaffEmailPreference = z.enum(['off', 'immediate']);
export type StaffEmailPreference = z.infer<typeof StaffEmailPreference>;

/** A staff member's own choice, stored with their staff directory entry. */
export const StaffNotificationPreferences = z
  .object({
    email: StaffEmailPreference,
    /** The reasons that also go out by e-mail; the in-app list always has every entry. */
    events: z
      .array(StaffNotificationReason)
      .max(StaffNotificationReason.options.length)
      .overwrite((events) => [...new Set(events)]),
    /** The language of the e-mails (the portal's own language switch covers the list). */
    language: Language.default('tr'),
  })
  .strict()
  .meta({ id: 'StaffNotificationPreferences' });
export type StaffNotificationPreferences = z.output<typeof StaffNotificationPreferences>;

export const DEFAULT_STAFF_NOTIFICATION_PREFERENCES: StaffNotificationPreferences = {
  email: 'off',
  events: [...StaffNotificationReason.options],
  language: 'tr',
};

/**
 * One entry of a person's notification list. It names the case by its tracking
 * number and work type and says what happened; it never holds the citizen's name,
 * contact, address or description (the case page shows those, after its own checks).
 */
export const StaffNotification = z
  .object({
    id: z.string(),
    caseId: CaseId,
    trackingNo: z.string().regex(/^\d{12}$/),
    workTypeCode: z.string(),
    workType: LocalizedText.optional(),
    status: CaseStatus,
    reason: StaffNotificationReason,
    eventId: z.string(),
    eventType: CaseEventType,
    /** When the event happened. */
    at: z.iso.datetime(),
    read: z.boolean(),
    /** The case page in the staff console, relative to the portal (`/panel/basvuru?id=`). */
    link: z.string(),
  })
  .strict()
  .meta({ id: 'StaffNotification' });
export type StaffNotification = z.infer<typeof StaffNotification>;

export const StaffNotificationList = z
  .object({
    items: z.array(StaffNotification),
    unreadCount: z.number().int().nonnegative(),
    nextCursor: z.string().optional(),
  })
  .strict()
  .meta({ id: 'StaffNotificationList' });
export type StaffNotificationList = z.infer<typeof StaffNotificationList>;

export const StaffNotificationListQuery = z
  .object({
    cursor: z.string().max(2048).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

/** POST /v1/staff/notifications/read: some entries, or all of them. */
export const MarkNotificationsRead = z
  .union([
    z.object({ ids: z.array(z.string().min(1).max(300)).min(1).max(100) }).strict(),
    z.object({ all: z.literal(true) }).strict(),
  ])
  .meta({ id: 'MarkNotificationsRead' });
export type MarkNotificationsRead = z.infer<typeof MarkNotificationsRead>;

/** A case the caller watches. */
export const WatchedCase = z
  .object({ caseId: CaseId, trackingNo: z.string(), since: z.iso.datetime() })
  .strict()
  .meta({ id: 'WatchedCase' });
export type WatchedCase = z.infer<typeof WatchedCase>;

export const WatchedCaseList = z
  .object({ items: z.array(WatchedCase) })
  .strict()
  .meta({ id: 'WatchedCaseList' });

/** The portal's case page for a case; the entry and the e-mail link to it. */
export const staffCaseLink = (caseId: string) => `/panel/basvuru?id=${encodeURIComponent(caseId)}`;

/**
 * The inbox entry's identity: one per (case, event, reason) in a person's list. It is
 * also the storage key's suffix, so a redelivered message writes the same item and
 * the conditional put refuses the copy.
 */
export function staffNotificationKey(input: {
  at: string;
  caseId: string;
  eventId: string;
  reason: StaffNotificationReason;
}): string {
  // The event's own time first: the list reads newest first by key order.
  return `${input.at}#${input.caseId}#${input.eventId}#${input.reason}`;
}

/** The dedupe key of the e-mail for an entry: the person and the entry, never the address. */
export const staffEmailDedupeKey = (userId: string, notificationId: string) =>
  `staff#${userId}#${notificationId}`;

// ---------------------------------------------------------------------------------------------
// Audiences

/** A person as the audience rules need them (from the tenant's staff directory). */
export interface NotifiablePerson {
  userId: string;
  username: string;
  roles: readonly Role[];
  departmentCode?: string | undefined;
  absent?: boolean;
}

/** A tenant's people and the settings that name supervisors and team leaders. */
export interface TenantStaff {
  tenantId: string;
  people: readonly NotifiablePerson[];
  settings?: Pick<TenantSettings, 'departments' | 'teams'> | undefined;
}

export interface StaffRecipient {
  userId: string;
  /** The tenant whose directory the person is in. */
  tenantId: string;
  reason: StaffNotificationReason;
}

const WORKERS: readonly Role[] = ['staff', 'supervisor'];
const hasRole = (p: NotifiablePerson, roles: readonly Role[]) => p.roles.some((r) => roles.includes(r));

function byUsernames(staff: TenantStaff, usernames: readonly string[]): NotifiablePerson[] {
  const wanted = new Set(usernames);
  return staff.people.filter((p) => wanted.has(p.username));
}

/**
 * The supervisors of a department: the tenant settings' `departments[].supervisors`
 * (usernames), else everyone of the tenant with the supervisor role who works that
 * department or the whole tenant.
 */
export function supervisorsOf(staff: TenantStaff, departmentCode: string | undefined): NotifiablePerson[] {
  const named = staff.settings?.departments.find((d) => d.code === departmentCode)?.supervisors ?? [];
  const configured = byUsernames(staff, named);
  if (configured.length > 0) return configured;
  return staff.people.filter(
    (p) =>
      hasRole(p, ['supervisor']) &&
      (p.departmentCode === undefined || departmentCode === undefined || p.departmentCode === departmentCode),
  );
}

/**
 * Who works a queue: the people of the department (staff and supervisors bound to
 * it), else its supervisors (see {@link supervisorsOf}). A tenant-wide queue (no
 * department) goes to the tenant's supervisors.
 */
export function queueAudience(staff: TenantStaff, departmentCode: string | undefined): NotifiablePerson[] {
  if (departmentCode) {
    const unit = staff.people.filter((p) => p.departmentCode === departmentCode && hasRole(p, WORKERS));
    if (unit.length > 0) return unit;
  }
  return supervisorsOf(staff, departmentCode);
}

/**
 * Who an assignment reaches: the assigned person; for a team, its leader (tenant
 * settings), else the people of the team's department.
 */
export function assigneeAudience(
  staff: TenantStaff,
  assignee: { kind: 'user' | 'team'; id: string },
): NotifiablePerson[] {
  if (assignee.kind === 'user') return staff.people.filter((p) => p.userId === assignee.id);
  const team = staff.settings?.teams.find((t) => t.id === assignee.id);
  if (!team) return [];
  const leader = team.leader ? byUsernames(staff, [team.leader]) : [];
  if (leader.length > 0) return leader;
  return staff.people.filter((p) => p.departmentCode === team.departmentCode && hasRole(p, WORKERS));
}

/** The reason an SLA escalation level gives. */
export const slaReason = (level: SlaEscalationLevel | undefined): StaffNotificationReason =>
  level === 'approaching' ? 'sla-approaching' : 'sla-breached';

export interface SlaAudienceInput {
  audience: StaffAudience;
  /** The owning tenant's people and settings. */
  owner: TenantStaff;
  /** The metropolitan municipality's people (its coordination centre). */
  metro: TenantStaff;
  departmentCode: string | undefined;
  assignee?: { kind: 'user' | 'team'; id: string } | undefined;
}

/**
 * The people an SLA escalation (sla-escalation.ts) is for: `unit` the assignee, else
 * the queue's people; `supervisor` the department's supervisors; `coordinator` the
 * metropolitan coordinators; `manager` the owning tenant's managers.
 */
export function slaAudience(input: SlaAudienceInput): { tenantId: string; people: NotifiablePerson[] } {
  switch (input.audience) {
    case 'unit': {
      const assigned = input.assignee ? assigneeAudience(input.owner, input.assignee) : [];
      return {
        tenantId: input.owner.tenantId,
        people: assigned.length > 0 ? assigned : queueAudience(input.owner, input.departmentCode),
      };
    }
    case 'supervisor':
      return { tenantId: input.owner.tenantId, people: supervisorsOf(input.owner, input.departmentCode) };
    case 'coordinator':
      return {
        tenantId: input.metro.tenantId,
        people: input.metro.people.filter((p) => hasRole(p, ['coordinator'])),
      };
    case 'manager':
      return {
        tenantId: input.owner.tenantId,
        people: input.owner.people.filter((p) => hasRole(p, ['manager'])),
      };
  }
}

/** Events that put a case into a queue: the event's tenant and department are the queue. */
const INTO_QUEUE: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'routed',
  'transferred',
  'returned',
  'reopened',
]);

export interface EventAudienceInput {
  event: Pick<CaseEvent, 'type' | 'actor' | 'status' | 'tenantId' | 'departmentCode' | 'data'>;
  /** The people of the tenant the event names (the queue it landed in, the assigning tenant). */
  eventTenant?: TenantStaff | undefined;
  /** The metropolitan municipality's people: a case put into triage goes to its coordinators. */
  metro: TenantStaff;
  /** Who watches the case, and in which tenant's directory they are. */
  watchers: readonly { userId: string; tenantId: string }[];
  /**
   * People told about this very event by an SLA alert (an `escalated` event the sweep
   * also sent as `notify-staff`): they get that entry, not a second "watched" one.
   */
  alreadyAlerted?: ReadonlySet<string>;
}

function assigneeOf(
  data: Record<string, unknown> | undefined,
): { kind: 'user' | 'team'; id: string } | undefined {
  const a = data?.assignee as { kind?: unknown; id?: unknown } | undefined;
  if (!a || typeof a.id !== 'string') return undefined;
  return a.kind === 'user' || a.kind === 'team' ? { kind: a.kind, id: a.id } : undefined;
}

/**
 * The people a timeline event concerns, one reason each, without the person who
 * caused it: the queue it landed in, the assignee, the case's watchers.
 */
export function eventRecipients(input: EventAudienceInput): StaffRecipient[] {
  const { event } = input;
  const out: StaffRecipient[] = [];
  const add = (tenantId: string, people: readonly NotifiablePerson[], reason: StaffNotificationReason) => {
    for (const p of people) out.push({ userId: p.userId, tenantId, reason });
  };
  const tenant = input.eventTenant;
  if (INTO_QUEUE.has(event.type) && tenant && event.tenantId === tenant.tenantId) {
    if (event.status === 'TRIAGE' || (tenant.tenantId === input.metro.tenantId && !event.departmentCode)) {
      // The metropolitan coordinators' triage list is the queue.
      add(
        input.metro.tenantId,
        input.metro.people.filter((p) => hasRole(p, ['coordinator'])),
        'new-in-queue',
      );
    } else add(tenant.tenantId, queueAudience(tenant, event.departmentCode), 'new-in-queue');
  }
  const assignee = event.type === 'assigned' ? assigneeOf(event.data) : undefined;
  if (assignee && tenant) add(tenant.tenantId, assigneeAudience(tenant, assignee), 'assigned');
  for (const w of input.watchers) {
    if (!input.alreadyAlerted?.has(w.userId)) out.push({ ...w, reason: 'watched-update' });
  }
  const actorId = event.actor.kind === 'staff' ? event.actor.id : undefined;
  return collapseRecipients(out.filter((r) => r.userId !== actorId));
}

/** One entry per person: the most specific reason (see REASON_RANK). */
export function collapseRecipients(recipients: readonly StaffRecipient[]): StaffRecipient[] {
  const best = new Map<string, StaffRecipient>();
  for (const r of recipients) {
    const current = best.get(r.userId);
    if (!current || REASON_RANK.indexOf(r.reason) < REASON_RANK.indexOf(current.reason))
      best.set(r.userId, r);
  }
  return [...best.values()];
}

// ---------------------------------------------------------------------------------------------
// E-mail

const REASON_TEXT: Record<StaffNotificationReason, LocalizedText> = {
  'new-in-queue': { tr: 'Kuyruğunuza yeni bir başvuru geldi', en: 'A new case is in your queue' },
  assigned: { tr: 'Bir başvuru size atandı', en: 'A case was assigned to you' },
  'sla-approaching': { tr: 'Bir başvurunun süresi dolmak üzere', en: 'A case is about to be overdue' },
  'sla-breached': { tr: 'Bir başvurunun süresi aşıldı', en: 'A case is overdue' },
  'watched-update': { tr: 'İzlediğiniz bir başvuruda gelişme var', en: 'A case you watch was updated' },
};

const STATUS_TEXT: Record<CaseStatus, LocalizedText> = {
  NEW: { tr: 'Yeni', en: 'New' },
  TRIAGE: { tr: 'Yönlendirme bekliyor', en: 'Awaiting triage' },
  ROUTED: { tr: 'Yönlendirildi', en: 'Routed' },
  ACCEPTED: { tr: 'Kabul edildi', en: 'Accepted' },
  ASSIGNED: { tr: 'Atandı', en: 'Assigned' },
  IN_PROGRESS: { tr: 'Çalışılıyor', en: 'In progress' },
  ON_HOLD: { tr: 'Beklemede', en: 'On hold' },
  RESOLVED: { tr: 'Çözüldü', en: 'Resolved' },
  CLOSED: { tr: 'Kapandı', en: 'Closed' },
  CANCELLED: { tr: 'İptal edildi', en: 'Cancelled' },
};

/**
 * The e-mail for one entry: the same facts as the list (tracking number, work type,
 * status, reason) and the link to the case. No citizen data, so an e-mail forwarded
 * or read on a phone reveals nothing the console would not after sign-in.
 */
export function staffNotificationEmail(
  entry: Pick<StaffNotification, 'trackingNo' | 'workType' | 'workTypeCode' | 'status' | 'reason' | 'link'>,
  language: Language,
  portalUrl: string | undefined,
): { subject: string; text: string } {
  const reason = REASON_TEXT[entry.reason][language];
  const trackingNo = formatTrackingNumber(entry.trackingNo);
  const workType = entry.workType?.[language] ?? entry.workTypeCode;
  const link = `${portalUrl ?? ''}${language === 'en' ? '/en' : ''}${entry.link}`;
  const labels =
    language === 'en'
      ? {
          no: 'Tracking number',
          type: 'Work type',
          status: 'Status',
          open: 'Open the case',
          foot: 'You can change these e-mails under Settings in the staff console.',
        }
      : {
          no: 'Takip numarası',
          type: 'İş türü',
          status: 'Durum',
          open: 'Başvuruyu açın',
          foot: 'Bu e-postaları personel panelinde Ayarlar sayfasından değiştirebilirsiniz.',
        };
  return {
    subject: `Kent Masası: ${reason} (${trackingNo})`,
    text: [
      `${reason}.`,
      '',
      `${labels.no}: ${trackingNo}`,
      `${labels.type}: ${workType}`,
      `${labels.status}: ${STATUS_TEXT[entry.status][language]}`,
      '',
      `${labels.open}: ${link}`,
      '',
      labels.foot,
    ].join('\n'),
  };
}
