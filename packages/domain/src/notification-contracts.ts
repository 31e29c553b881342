import * as z from 'zod';
import { CaseId } from './case.ts';
import { Language } from './localized-text.ts';
import { NotificationEvent } from './notification-templates.ts';
import { SMS_SEGMENT_CAPACITY } from './sms-encoding.ts';
import { TenantId } from './tenant.ts';

/*
 * API contracts of the notification pipeline's staff-facing parts: the dev outbox
 * (every message the local provider "sent") and the call-back tasks agents work.
 */

const SmsEncodingName = z.enum(Object.keys(SMS_SEGMENT_CAPACITY) as ['gsm7', 'gsm7-turkish', 'ucs2']);

/** One message the dev outbox provider stored instead of sending. */
export const DevOutboxMessage = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    channel: z.enum(['sms', 'email']),
    /** Masked for the list; the dev outbox keeps the address only to filter by it. */
    recipientMasked: z.string(),
    caseId: z.string(),
    trackingNo: z.string(),
    /** A citizen-facing step, or `staff` for an e-mail to a staff member about a case. */
    event: z.union([NotificationEvent, z.literal('staff')]),
    language: Language,
    subject: z.string().optional(),
    text: z.string(),
    encoding: SmsEncodingName.optional(),
    segments: z.number().int().nonnegative().optional(),
    dedupeKey: z.string(),
  })
  .strict();
export type DevOutboxMessage = z.infer<typeof DevOutboxMessage>;

/** Filters of GET /v1/dev/outbox: a tracking number (any notation) or a recipient's phone or e-mail. */
export const DevOutboxQuery = z
  .object({
    trackingNo: z
      .string()
      .trim()
      .transform((v) => v.replaceAll(/[\s-]/g, ''))
      .pipe(z.string().regex(/^\d{12}$/, { error: 'tracking-number.invalid' }))
      .optional(),
    recipient: z.string().trim().min(3).max(254).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type DevOutboxQuery = z.infer<typeof DevOutboxQuery>;

export const CallbackTaskStatus = z.enum(['open', 'done']);
export type CallbackTaskStatus = z.infer<typeof CallbackTaskStatus>;

/** How a call-back went. */
export const CallbackOutcome = z.enum(['reached', 'unreachable']);
export type CallbackOutcome = z.infer<typeof CallbackOutcome>;

/**
 * A citizen who asked to be called back about a step of their case. The task holds
 * no personal data: the agent opens the case (with the usual access check and
 * masking) for the number and the answer to read out.
 */
export const CallbackTask = z
  .object({
    id: z.string(),
    tenantId: TenantId,
    caseId: CaseId,
    trackingNo: z.string(),
    eventId: z.string(),
    event: NotificationEvent,
    language: Language,
    status: CallbackTaskStatus,
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().optional(),
    completedBy: z.string().optional(),
    outcome: CallbackOutcome.optional(),
    note: z.string().optional(),
  })
  .strict();
export type CallbackTask = z.infer<typeof CallbackTask>;

/** Filters of GET /v1/staff/callbacks. */
export const CallbackListQuery = z
  .object({
    tenantId: TenantId.optional(),
    status: CallbackTaskStatus.default('open'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type CallbackListQuery = z.infer<typeof CallbackListQuery>;

/** POST /v1/staff/callbacks/{taskId}/complete. */
export const CompleteCallbackRequest = z
  .object({
    outcome: CallbackOutcome,
    note: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type CompleteCallbackRequest = z.infer<typeof CompleteCallbackRequest>;
