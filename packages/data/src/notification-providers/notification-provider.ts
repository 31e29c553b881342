import type { Language, NotificationEvent, SmsEncoding } from '@citydesk/domain';

/*
 * The port every citizen-notification adapter implements (ports and adapters,
 * ARCHITECTURE.md §6): SES v2 for e-mail, Netgsm or SNS for SMS, the call-back task
 * list, and the dev outbox that stores instead of sending. The worker knows only this.
 */

/** A rendered message for one recipient. */
export interface OutgoingMessage {
  /** (case, event, channel, hashed recipient): adapters that can deduplicate use it. */
  dedupeKey: string;
  channel: 'sms' | 'email' | 'callback';
  /** E.164 phone (SMS, call-back) or e-mail address. */
  to: string;
  language: Language;
  subject?: string;
  /** The SMS text, or the e-mail's plain-text part; the agent's script for a call-back. */
  text: string;
  /** E-mail only: the escaped HTML part. */
  html?: string;
  sms?: { encoding: SmsEncoding; segments: number };
  caseId: string;
  trackingNo: string;
  eventId: string;
  /** The citizen-facing step, or `staff` for a staff notification e-mail (staff-notifications.ts). */
  event: NotificationEvent | 'staff';
  /** The tenant whose agents call back (the case's owner, or the metro before routing). */
  tenantId: string;
}

/** What the provider answered. */
export interface SendReceipt {
  providerMessageId: string;
}

/**
 * Why a send failed, which decides what the worker does:
 * - `retryable`: the provider refused for now (throttling, a 5xx, no connection):
 *   nothing was sent, try again later;
 * - `permanent`: it will never work as asked (bad number, unverified sender, wrong
 *   credentials): record the failure, do not retry;
 * - `unknown`: the request may have reached the provider (a timeout or a reset after
 *   sending): retrying could send twice, so the worker stops and records it.
 */
export type ProviderFailureKind = 'retryable' | 'permanent' | 'unknown';

export class ProviderFailure extends Error {
  override name = 'ProviderFailure';
  constructor(
    readonly kind: ProviderFailureKind,
    /** A short code (the provider's error name or number) for the delivery record and the timeline. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface NotificationProvider {
  /** Stored on the delivery record: `ses`, `netgsm`, `sns`, `dev-outbox`, `callback-tasks`. */
  readonly name: string;
  /** Deduplicates on `dedupeKey` itself, so a second call after a crash sends nothing twice. */
  readonly idempotent: boolean;
  /** Sends, or throws {@link ProviderFailure}. */
  send(message: OutgoingMessage): Promise<SendReceipt>;
}

/** Node's network errors that happen before a request is written: nothing reached the provider. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Classifies a transport error (no HTTP response): refused connections are retryable, the rest unknown. */
export function transportFailure(err: unknown): ProviderFailure {
  const code =
    (err as { code?: string }).code ??
    (err as { cause?: { code?: string } }).cause?.code ??
    (err as Error).name ??
    'network';
  const kind: ProviderFailureKind = NOT_CONNECTED.has(code) ? 'retryable' : 'unknown';
  return new ProviderFailure(kind, code, `transport error: ${(err as Error).message}`);
}
