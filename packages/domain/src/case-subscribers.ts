import * as z from 'zod';
import type { Case } from './case.ts';
import { CaseId } from './case.ts';
import type { Language } from './localized-text.ts';
import { type DeliveryChannel, isResultStep, type StepFacts } from './notification-decision.ts';

/*
 * Subscribers of a case (docs/domain/call-centre.md): citizens whose own report was
 * closed as a DUPLICATE of this (master) case, and who hear about the master's
 * progress as if it were theirs. A subscription refers to the subscriber's own case,
 * which holds their contact and preference, so that erasing or anonymising that case
 * (KVKK) ends the notifications with nothing else to clean up.
 */

/** One subscriber of a master case: the duplicate case whose citizen follows it. */
export const CaseSubscriber = z
  .object({
    masterCaseId: CaseId,
    /** The duplicate's id: its contact and preference are read when a step is announced. */
    subscriberCaseId: CaseId,
    subscribedAt: z.iso.datetime(),
  })
  .strict();
export type CaseSubscriber = z.infer<typeof CaseSubscriber>;

/** Steps of the master that subscribers hear about; the survey is the master citizen's own. */
const SUBSCRIBER_STEPS: ReadonlySet<StepFacts['event']> = new Set([
  'routed',
  'accepted',
  'on_hold',
  'resolved',
  'closed',
  'reopened',
]);

/** How one subscriber hears about one step of the master, or why not. */
export type SubscriberNotice =
  | {
      send: true;
      subscriberCaseId: string;
      channel: DeliveryChannel;
      recipient: string;
      language: Language;
    }
  | {
      send: false;
      subscriberCaseId: string;
      reason:
        | 'not-a-subscriber-step'
        | 'no-contact'
        | 'preference-none'
        | 'granularity'
        | 'missing-address'
        /** The same person and address is already told (the master's citizen, or another subscriber). */
        | 'same-recipient';
    };

/** Where a message already goes for this step: one per channel and address. */
export interface PlannedRecipient {
  channel: DeliveryChannel;
  recipient: string;
}

const recipientKey = (r: PlannedRecipient) =>
  `${r.channel}:${r.channel === 'email' ? r.recipient.toLowerCase() : r.recipient}`;

/**
 * Decides, for each subscriber, whether and how they hear about `step` of the master.
 * A subscriber's own preference counts (channel, every stage or result only,
 * language); the statutory answer duty of their own application was met when their
 * case was closed as DUPLICATE, so nothing here is legally required. A person
 * reached already, by the same channel and address, through the master's own
 * citizen (`alreadyPlanned`) or an earlier subscriber, is not told twice.
 */
export function planSubscriberNotices(
  step: StepFacts,
  subscribers: readonly Case[],
  alreadyPlanned: readonly PlannedRecipient[] = [],
): SubscriberNotice[] {
  const taken = new Set(alreadyPlanned.map(recipientKey));
  return subscribers.map((s): SubscriberNotice => {
    const subscriberCaseId = s.id;
    if (!SUBSCRIBER_STEPS.has(step.event))
      return { send: false, subscriberCaseId, reason: 'not-a-subscriber-step' };
    const contact = s.contact;
    if (!contact || s.anonymisedAt) return { send: false, subscriberCaseId, reason: 'no-contact' };
    const { preference } = contact;
    if (preference.channel === 'none') return { send: false, subscriberCaseId, reason: 'preference-none' };
    if (preference.granularity === 'result_only' && !isResultStep(step))
      return { send: false, subscriberCaseId, reason: 'granularity' };
    const recipient = preference.channel === 'email' ? contact.email : contact.phone;
    if (!recipient) return { send: false, subscriberCaseId, reason: 'missing-address' };
    const planned = { channel: preference.channel, recipient };
    if (taken.has(recipientKey(planned))) return { send: false, subscriberCaseId, reason: 'same-recipient' };
    taken.add(recipientKey(planned));
    return { send: true, subscriberCaseId, ...planned, language: preference.language };
  });
}
