import type { StoredStaffNotification } from '@citydesk/data';
import { ProviderFailure } from '@citydesk/data';
import {
  type Case,
  type CaseEvent,
  can,
  collapseRecipients,
  DEFAULT_STAFF_NOTIFICATION_PREFERENCES,
  eventRecipients,
  type OutboxIntent,
  type Principal,
  rolesForTenant,
  SlaEscalationLevel,
  type StaffAudience,
  StaffAudience as StaffAudienceSchema,
  type StaffNotificationReason,
  type StaffRecipient,
  slaAudience,
  slaReason,
  staffCaseLink,
  staffEmailDedupeKey,
  staffNotificationEmail,
  type TenantStaff,
} from '@citydesk/domain';
import { timelineFacts } from '#platform/case-access.ts';
import { caseRepository, staffDirectoryRepository } from '#platform/case-runtime.ts';
import { type CityRuntime, cityRuntime } from '#platform/city-runtime.ts';
import { logger } from '#platform/logger.ts';
import { portalUrl, providerFor } from '#platform/notification-runtime.ts';
import { staffNotificationRepository } from '#platform/staff-notification-runtime.ts';
import { queueConsumers, queues } from '../manifest.ts';

/*
 * Staff notifications, on the notifications queue beside the citizens' messages
 * (docs/domain/notifications.md, "Staff notifications"). Two intents arrive here:
 *
 * - `analytics`, written for every timeline event: the event itself says whether it
 *   put the case into a queue (routed, transferred, returned, reopened), assigned it,
 *   or is news for the case's watchers. Deriving these here keeps the lifecycle as it
 *   is (no new intent per transition) and reads the watchers when the event is
 *   handled, not when it was written.
 * - `notify-staff`, written by the SLA sweep with its audience (unit, supervisor,
 *   coordinator, manager).
 *
 * Each recipient is checked against the authorization module (`case.read`) before an
 * entry is written, so nobody hears of a case they could not open. Entries are
 * conditional puts keyed by (user, case, event, reason); the e-mail a person's
 * preference asks for moves pending → calling → sent on the entry, so a redelivered
 * message neither duplicates the entry nor the e-mail.
 */

const QUEUE = queues.notifications;
const CONSUMER = queueConsumers.find((c) => c.queue === 'notifications');
/** A claim older than twice the function's timeout belongs to a worker that is gone. */
const STALE_AFTER_MS = 2 * (CONSUMER?.timeoutSeconds ?? 30) * 1000;

/** Internal bookkeeping of the citizen pipeline: news to nobody. */
const QUIET_EVENTS: ReadonlySet<CaseEvent['type']> = new Set(['notification_sent', 'notification_failed']);

export type StaffIntent = Extract<OutboxIntent, { intent: 'notify-staff' | 'analytics' }>;

/** Is this intent one for the staff notifications (the notifications worker dispatches on it)? */
export const isStaffIntent = (intent: OutboxIntent): intent is StaffIntent =>
  intent.intent === 'notify-staff' || intent.intent === 'analytics';

/** Loads each tenant's people and settings once per message. */
function staffLoader(runtime: CityRuntime) {
  const cache = new Map<string, Promise<TenantStaff>>();
  return (tenantId: string): Promise<TenantStaff> => {
    let staff = cache.get(tenantId);
    if (!staff) {
      staff = staffDirectoryRepository.list(tenantId).then(({ people }) => ({
        tenantId,
        people: people.map((p) => ({ ...p, roles: rolesForTenant(tenantId, p.roles) })),
        settings: runtime.settingsOf(tenantId),
      }));
      cache.set(tenantId, staff);
    }
    return staff;
  };
}

function slaPeople(
  audience: StaffAudience,
  c: Case,
  event: CaseEvent,
  owner: TenantStaff,
  metro: TenantStaff,
): StaffRecipient[] {
  const level = SlaEscalationLevel.safeParse(event.data?.level);
  const reason = slaReason(level.success ? level.data : undefined);
  const { tenantId, people } = slaAudience({
    audience,
    owner,
    metro,
    departmentCode: event.departmentCode ?? c.ownerDepartmentCode,
    assignee: c.assignee,
  });
  return collapseRecipients(people.map((p) => ({ userId: p.userId, tenantId, reason })));
}

/** What happened for one intent: entries written, and recipients the read check refused. */
export interface StaffNotifyOutcome {
  created: number;
  refused: number;
}

/** Handles one staff intent; throws to have the queue deliver it again. */
export async function notifyStaff(intent: StaffIntent, receiveCount: number): Promise<StaffNotifyOutcome> {
  const found = await caseRepository.getCaseWithTimeline(intent.caseId);
  if (!found) throw new Error(`case ${intent.caseId} not found`);
  const { case: c, events } = found;
  const event = events.find((e) => e.eventId === intent.eventId);
  if (!event) throw new Error(`case ${intent.caseId} has no event ${intent.eventId}`);
  if (QUIET_EVENTS.has(event.type)) return { created: 0, refused: 0 };

  // Today's directory and settings decide who hears: people and supervisors change.
  const runtime = await cityRuntime(c.cityId);
  const staffOf = staffLoader(runtime);
  const metro = await staffOf(runtime.metroTenantId);
  const owner = await staffOf(event.tenantId ?? c.ownerTenantId ?? runtime.metroTenantId);

  let recipients: StaffRecipient[];
  const neighbourhoods = new Map<string, string>();
  if (intent.intent === 'notify-staff') {
    recipients = slaPeople(intent.audience, c, event, owner, metro);
  } else {
    const watchers = await staffNotificationRepository.watchersOf(c.id);
    for (const w of watchers) if (w.neighbourhood) neighbourhoods.set(w.userId, w.neighbourhood);
    // An escalation the sweep also sent as an SLA alert: its audience gets that entry only.
    const audience = StaffAudienceSchema.safeParse(event.data?.audience);
    const alerted =
      event.type === 'escalated' && event.data?.notified === true && audience.success
        ? new Set(slaPeople(audience.data, c, event, owner, metro).map((r) => r.userId))
        : undefined;
    recipients = eventRecipients({
      event,
      eventTenant: event.tenantId ? owner : undefined,
      metro,
      watchers,
      ...(alerted ? { alreadyAlerted: alerted } : {}),
    });
  }
  if (recipients.length === 0) return { created: 0, refused: 0 };

  const facts = timelineFacts(c, events);
  const outcome: StaffNotifyOutcome = { created: 0, refused: 0 };
  for (const r of recipients) {
    const tenant = runtime.tenantsById.get(r.tenantId);
    const person = (await staffOf(r.tenantId)).people.find((p) => p.userId === r.userId);
    // Someone no longer in the directory (disabled, or of another city) hears nothing.
    if (!tenant || !person) {
      outcome.refused++;
      continue;
    }
    const neighbourhood = neighbourhoods.get(r.userId);
    const principal: Principal = {
      kind: 'user',
      userId: person.userId,
      username: person.username,
      tenantId: r.tenantId,
      tenantType: tenant.type,
      roles: [...person.roles],
      ...(person.departmentCode ? { departmentCode: person.departmentCode } : {}),
      ...(neighbourhood ? { neighbourhood } : {}),
    };
    if (!can(principal, 'case.read', facts)) {
      outcome.refused++;
      continue;
    }
    if (await deliver(runtime, c, event, r, receiveCount)) outcome.created++;
  }
  logger.info('staff notifications', {
    caseId: c.id,
    eventType: event.type,
    intent: intent.intent,
    ...outcome,
  });
  return outcome;
}

/** Writes one entry (once) and sends its e-mail if the person wants one. True when the entry is new. */
async function deliver(
  runtime: CityRuntime,
  c: Case,
  event: CaseEvent,
  r: StaffRecipient,
  receiveCount: number,
): Promise<boolean> {
  const settings = await staffDirectoryRepository.notificationSettings(r.tenantId, r.userId);
  const preferences = settings?.preferences ?? DEFAULT_STAFF_NOTIFICATION_PREFERENCES;
  const wantsEmail =
    preferences.email === 'immediate' &&
    preferences.events.includes(r.reason) &&
    settings?.email !== undefined;
  const workType = runtime.workTypesByCode.get(c.workTypeCode);
  const { created, entry } = await staffNotificationRepository.putOnce({
    userId: r.userId,
    tenantId: r.tenantId,
    caseId: c.id,
    trackingNo: c.trackingNo,
    workTypeCode: c.workTypeCode,
    ...(workType ? { workType: workType.name } : {}),
    status: event.status,
    reason: r.reason,
    eventId: event.eventId,
    eventType: event.type,
    at: event.at,
    link: staffCaseLink(c.id),
    emailStatus: wantsEmail ? 'pending' : 'none',
  });
  if (settings?.email && (entry.emailStatus === 'pending' || entry.emailStatus === 'calling')) {
    await sendEmail(entry, settings.email, preferences.language, r.reason, receiveCount);
  }
  return created;
}

/** The entry's e-mail, exactly once as far as the provider allows (see notification-delivery.ts). */
async function sendEmail(
  entry: StoredStaffNotification,
  to: string,
  language: 'tr' | 'en',
  reason: StaffNotificationReason,
  receiveCount: number,
): Promise<void> {
  const provider = providerFor('email');
  if (entry.emailStatus === 'calling') {
    const since = Date.parse(entry.emailUpdatedAt ?? '') || 0;
    // A live claim belongs to another worker: look again once it would be stale.
    if (Date.now() - since < STALE_AFTER_MS) throw new Error('staff e-mail in flight elsewhere');
    // The worker died while sending. Only a provider that deduplicates on our key may be asked again.
    if (!provider.idempotent) {
      await staffNotificationRepository.moveEmail(entry.userId, entry.id, 'calling', 'unknown');
      return;
    }
    if (!(await staffNotificationRepository.moveEmail(entry.userId, entry.id, 'calling', 'calling'))) return;
  } else if (!(await staffNotificationRepository.moveEmail(entry.userId, entry.id, 'pending', 'calling'))) {
    return;
  }
  const { subject, text } = staffNotificationEmail(entry, language, portalUrl());
  try {
    await provider.send({
      dedupeKey: staffEmailDedupeKey(entry.userId, entry.id),
      channel: 'email',
      to,
      language,
      subject,
      text,
      caseId: entry.caseId,
      trackingNo: entry.trackingNo,
      eventId: entry.eventId,
      event: 'staff',
      tenantId: entry.tenantId,
    });
    await staffNotificationRepository.moveEmail(entry.userId, entry.id, 'calling', 'sent');
  } catch (err) {
    if (!(err instanceof ProviderFailure)) throw err;
    const detail = `${err.code}`;
    // A timeout is safe to retry with a provider that deduplicates on our key (notify-citizen does the same).
    const kind = err.kind === 'unknown' && provider.idempotent ? 'retryable' : err.kind;
    if (kind === 'retryable' && receiveCount < QUEUE.maxReceiveCount) {
      await staffNotificationRepository.moveEmail(entry.userId, entry.id, 'calling', 'pending', detail);
      throw new Error(`staff e-mail will be retried: ${detail}`);
    }
    const status = kind === 'unknown' ? 'unknown' : 'failed';
    await staffNotificationRepository.moveEmail(entry.userId, entry.id, 'calling', status, detail);
    logger.warn('staff notification e-mail failed', { caseId: entry.caseId, reason, code: err.code });
  }
}
