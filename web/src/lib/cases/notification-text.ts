import type { CaseEventType } from '@citydesk/domain';
import { eventLabel } from '#lib/i18n/case-status-text.ts';
import { m } from '#lib/paraglide/messages.js';

/*
 * Words for citizen notifications as staff read them: on the case timeline (which step
 * was announced, how, whether it failed and why) and on the dev outbox page.
 */

const channelText: Record<string, () => string> = {
  sms: m.notify_channel_name_sms,
  email: m.notify_channel_name_email,
  callback: m.notify_channel_name_callback,
};

const failureText: Record<string, () => string> = {
  'provider-rejected': m.notify_failure_provider_rejected,
  'retries-exhausted': m.notify_failure_retries_exhausted,
  'outcome-unknown': m.notify_failure_outcome_unknown,
  'render-failed': m.notify_failure_render_failed,
  'legal-notice-undeliverable': m.notify_failure_legal_undeliverable,
  'citizen-unreachable': m.notify_failure_citizen_unreachable,
};

const STEP_EVENTS: readonly string[] = ['routed', 'accepted', 'on_hold', 'resolved', 'closed', 'reopened'];

/** A delivery channel's name ("SMS", "E-posta", "Geri arama"). */
export const notificationChannelLabel = (channel: string): string => channelText[channel]?.() ?? channel;

/** The step a message announced: the timeline's own word for it, or "survey". */
export function notificationStepLabel(step: string): string {
  if (step === 'survey') return m.notify_step_survey();
  return STEP_EVENTS.includes(step) ? eventLabel(step as CaseEventType) : step;
}

/** Why a notification did not reach the citizen, in plain words. */
export const notificationFailureLabel = (failure: string): string => failureText[failure]?.() ?? failure;

/** The lines a `notification_sent` or `notification_failed` timeline entry shows. */
export function notificationNotes(data: Record<string, unknown>): string[] {
  const notes: string[] = [];
  const channel = typeof data.channel === 'string' ? data.channel : undefined;
  const step = typeof data.step === 'string' ? data.step : undefined;
  if (channel && step) {
    notes.push(
      m.tl_notify({ channel: notificationChannelLabel(channel), step: notificationStepLabel(step) }),
    );
  } else if (step) {
    notes.push(m.tl_notify_step({ step: notificationStepLabel(step) }));
  }
  if (typeof data.segments === 'number' && data.segments > 0) {
    notes.push(m.tl_notify_segments({ count: String(data.segments) }));
  }
  if (data.callbackOutcome === 'reached') notes.push(m.tl_notify_callback_reached());
  if (typeof data.failure === 'string')
    notes.push(m.tl_notify_failure({ reason: notificationFailureLabel(data.failure) }));
  if (data.legallyRequired === true) notes.push(m.tl_notify_legal());
  return notes;
}
