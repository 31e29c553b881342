import * as z from 'zod';
import { Language } from './localized-text.ts';
import type { DeliveryChannel } from './notification-decision.ts';
import { NotificationEvent } from './notification-templates.ts';

/*
 * Exactly-once delivery on top of at-least-once queues. Every message has a delivery
 * record keyed by its dedupe key (case, event, recipient, channel); the worker moves
 * it through these states with conditional writes, and decides from the state it
 * finds what a (re)delivered queue message may do.
 *
 *   (none) ──claim──> claimed ──before the provider call──> calling ──> sent
 *                        │                                     ├──> retrying ──claim──> claimed …
 *                        │                                     ├──> failed   (permanent, or attempts exhausted)
 *                        └─(stale: the worker died before calling the provider; safe to claim again)
 *   calling, stale ──> unknown (the provider may or may not have sent it: never sent twice)
 *
 * The crash window: a worker that dies between `calling` and `sent` leaves the
 * outcome unknown. Providers that deduplicate on our key themselves (the dev outbox,
 * the call-back task list) are simply called again. SES, SNS and Netgsm accept no
 * idempotency key, so for them a stale `calling` becomes `unknown`, shown on the
 * timeline for staff to check: a missed message is recoverable (the track page, a
 * call), a duplicate SMS is not. `claimed` without `calling` proves the provider was
 * never called, so that record is safe to retry with any provider.
 */

export const DeliveryStatus = z.enum(['claimed', 'calling', 'sent', 'retrying', 'failed', 'unknown']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** The stored state of one message to one citizen. No message text: it may hold personal data. */
export const DeliveryRecord = z
  .object({
    dedupeKey: z.string(),
    caseId: z.string(),
    eventId: z.string(),
    event: NotificationEvent,
    channel: z.enum(['sms', 'email', 'callback']),
    language: Language,
    /** The provider that took (or was to take) the message. */
    provider: z.string(),
    /** Masked: `+90 5** *** ** 67`, `a***@example.com`. */
    recipientMasked: z.string(),
    legallyRequired: z.boolean(),
    status: DeliveryStatus,
    attempts: z.number().int().nonnegative(),
    /** Optimistic lock: every transition is conditional on the version it read. */
    version: z.number().int().positive(),
    updatedAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    providerMessageId: z.string().optional(),
    segments: z.number().int().nonnegative().optional(),
    lastError: z.string().max(500).optional(),
  })
  .strict();
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;

/**
 * The dedupe key of a message: the case, the timeline event it announces (a
 * reopened case resolved again is a new event, hence a new message), the channel
 * and a keyed hash of the recipient (never the address in clear).
 */
export function deliveryDedupeKey(input: {
  caseId: string;
  eventId: string;
  channel: DeliveryChannel;
  recipientHash: string;
}): string {
  return `${input.caseId}#${input.eventId}#${input.channel}#${input.recipientHash}`;
}

/** What a worker holding a queue message may do, given the delivery record it found. */
export type DeliveryPlan =
  /** No record, a retryable failure, or a claim that provably never reached the provider: claim and send. */
  | { action: 'send' }
  /** Sent, failed for good, or unknown: acknowledge the message and do nothing. */
  | { action: 'done'; status: 'sent' | 'failed' | 'unknown' }
  /** Another worker holds a fresh claim: it owns the outcome (its own message stays on the queue until then). */
  | { action: 'in-flight' }
  /** A claim died after the provider may have been called, with a provider that cannot deduplicate. */
  | { action: 'give-up-unknown' };

export interface DeliveryPlanOptions {
  now: Date;
  /** A claim older than this belongs to a worker that is gone (longer than the consumer's timeout). */
  staleAfterMs: number;
  /** The provider deduplicates on our key itself, so calling it again is harmless. */
  providerIdempotent: boolean;
}

/** Decides what to do with a (re)delivered message from its delivery record. */
export function planDelivery(
  existing: DeliveryRecord | undefined,
  options: DeliveryPlanOptions,
): DeliveryPlan {
  if (!existing) return { action: 'send' };
  switch (existing.status) {
    case 'sent':
    case 'failed':
    case 'unknown':
      return { action: 'done', status: existing.status };
    case 'retrying':
      return { action: 'send' };
    case 'claimed':
    case 'calling': {
      const age = options.now.getTime() - Date.parse(existing.updatedAt);
      if (age < options.staleAfterMs) return { action: 'in-flight' };
      if (existing.status === 'claimed' || options.providerIdempotent) return { action: 'send' };
      return { action: 'give-up-unknown' };
    }
  }
}

/** How long to leave a message invisible before its next attempt: exponential, capped. */
export function retryDelaySeconds(receiveCount: number, baseSeconds = 30, maxSeconds = 900): number {
  const exponent = Math.max(0, receiveCount - 1);
  return Math.min(maxSeconds, baseSeconds * 2 ** exponent);
}
