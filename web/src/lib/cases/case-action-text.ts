import type { CaseCommandName, CaseStatus } from '@citydesk/domain';
import { m } from '#lib/paraglide/messages.js';

/*
 * The words of each workflow action: its button, and the sentence under its dialog's
 * title. A record over every command name, so a new command fails the type check
 * until it has both, in both languages. Closing reads differently at first contact
 * (an answer) and after resolution (a confirmation).
 */

const texts: Record<CaseCommandName, { label: () => string; text: () => string }> = {
  reclassify: { label: m.action_reclassify_label, text: m.action_reclassify_text },
  route: { label: m.action_route_label, text: m.action_route_text },
  split: { label: m.action_split_label, text: m.action_split_text },
  accept: { label: m.action_accept_label, text: m.action_accept_text },
  return: { label: m.action_return_label, text: m.action_return_text },
  transfer: { label: m.action_transfer_label, text: m.action_transfer_text },
  assign: { label: m.action_assign_label, text: m.action_assign_text },
  'accept-assignment': { label: m.action_accept_assignment_label, text: m.action_accept_assignment_text },
  'decline-assignment': { label: m.action_decline_assignment_label, text: m.action_decline_assignment_text },
  start: { label: m.action_start_label, text: m.action_start_text },
  hold: { label: m.action_hold_label, text: m.action_hold_text },
  resume: { label: m.action_resume_label, text: m.action_resume_text },
  resolve: { label: m.action_resolve_label, text: m.action_resolve_text },
  close: { label: m.action_close_label, text: m.action_close_text },
  reopen: { label: m.action_reopen_label, text: m.action_reopen_text },
  cancel: { label: m.action_cancel_label, text: m.action_cancel_text },
};

const atFirstContact = (action: CaseCommandName, status: CaseStatus) =>
  action === 'close' && status !== 'RESOLVED';

/** The button (and dialog title) of an action on a case in `status`. */
export function actionLabel(action: CaseCommandName, status: CaseStatus): string {
  return atFirstContact(action, status) ? m.action_close_first_label() : texts[action].label();
}

/** What the action does, in one sentence. */
export function actionText(action: CaseCommandName, status: CaseStatus): string {
  return atFirstContact(action, status) ? m.action_close_first_text() : texts[action].text();
}
