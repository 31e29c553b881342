import type { Case } from './case.ts';
import type { Language } from './localized-text.ts';
import type { NotificationEvent } from './notification-templates.ts';
import { type LegalClock, legalClockFor } from './sla-clock.ts';

/*
 * Whether, how and in which language a citizen hears about a step of their case.
 * Pure: the notification worker feeds it the case and the step's event facts.
 *
 * The rules (domain.md §(b) notification points, §(e) survey; issue 7):
 * - `every_stage`: every citizen-facing step the lifecycle marks (routed, accepted,
 *   on hold, resolved, closed, reopened) and the survey.
 * - `result_only`: only the result. That is `resolved`; and `closed` only when the
 *   closing carries a result the citizen has not been told: closed at first contact
 *   (no resolve step before), or a resolution corrected at closing (QA check). A
 *   plain confirmation of a resolution already announced is not sent again. The
 *   survey follows a result, so it goes too.
 * - `none`: nothing, except legally required notices.
 * - **Legally required notices**: an application with a statutory answer duty (CİMER
 *   and written petitions under Law 3071 art. 7, Açık Kapı, right to information under
 *   Law 4982 art. 11; see sla-clock.ts `legalClockFor`) must receive its answer in
 *   writing. The answer is the result step (resolved, or closed at first contact or
 *   corrected). It goes out whatever the preference says, on a written channel:
 *   e-mail when the citizen gave an address (a reasoned answer arrives whole), else
 *   SMS. Without either, the decision says so, and staff must answer by post or
 *   through the channel's own system (CİMER's reply screen).
 * - A split's child case never notifies: the citizen follows the parent, which
 *   speaks for the whole.
 */

/** What the citizen is contacted through: a message, or an agent's call. */
export type DeliveryChannel = 'sms' | 'email' | 'callback';

/** The facts of the step being announced, from its timeline event. */
export interface StepFacts {
  event: NotificationEvent;
  /** `closed`: closed at first contact (no separate resolve step told the result). */
  atFirstContact?: boolean;
  /** `closed`: the closing changed the result already announced at resolve. */
  corrected?: boolean;
}

export type NotificationDecision =
  | {
      send: true;
      channel: DeliveryChannel;
      /** E.164 phone (SMS, call-back) or e-mail address. */
      recipient: string;
      language: Language;
      /** Sent because the law requires it, whatever the preference said. */
      legallyRequired: boolean;
      legalClock?: LegalClock;
    }
  | {
      send: false;
      reason:
        | 'split-child'
        | 'no-contact'
        | 'preference-none'
        | 'granularity'
        | 'missing-address'
        /** A legally required answer with neither e-mail nor phone: staff must answer another way. */
        | 'legal-notice-undeliverable';
      legallyRequired: boolean;
      legalClock?: LegalClock;
    };

/** Does this step tell the citizen the result of their case? */
export function isResultStep(step: StepFacts): boolean {
  if (step.event === 'resolved') return true;
  if (step.event === 'closed') return step.atFirstContact === true || step.corrected === true;
  return false;
}

/** Written channels for a legally required answer, in order of preference. */
export const LEGAL_NOTICE_CHANNELS = ['email', 'sms'] as const;

/** Decides whether and how to tell the citizen about a step. */
export function decideNotification(c: Case, step: StepFacts): NotificationDecision {
  if (c.parentCaseId) return { send: false, reason: 'split-child', legallyRequired: false };
  const contact = c.contact;
  const legalClock = legalClockFor(c.channel, c.workTypeCode);
  const legallyRequired = legalClock !== undefined && isResultStep(step);
  const legal = legalClock ? { legalClock } : {};
  if (!contact) {
    return {
      send: false,
      reason: legallyRequired ? 'legal-notice-undeliverable' : 'no-contact',
      legallyRequired,
      ...legal,
    };
  }
  const { preference } = contact;
  if (legallyRequired) {
    // The citizen's own written channel first, if it is one; else e-mail, then SMS.
    const chosen = preference.channel === 'sms' || preference.channel === 'email' ? [preference.channel] : [];
    for (const channel of [...chosen, ...LEGAL_NOTICE_CHANNELS]) {
      const recipient = channel === 'email' ? contact.email : contact.phone;
      if (recipient) {
        return { send: true, channel, recipient, language: preference.language, legallyRequired, ...legal };
      }
    }
    return { send: false, reason: 'legal-notice-undeliverable', legallyRequired, ...legal };
  }
  if (preference.channel === 'none')
    return { send: false, reason: 'preference-none', legallyRequired, ...legal };
  if (preference.granularity === 'result_only' && !isResultStep(step) && step.event !== 'survey') {
    return { send: false, reason: 'granularity', legallyRequired, ...legal };
  }
  const recipient = preference.channel === 'email' ? contact.email : contact.phone;
  if (!recipient) return { send: false, reason: 'missing-address', legallyRequired, ...legal };
  return {
    send: true,
    channel: preference.channel,
    recipient,
    language: preference.language,
    legallyRequired,
    ...legal,
  };
}
