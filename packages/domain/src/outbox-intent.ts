import * as z from 'zod';
import { CaseEventType } from './case-event.ts';

/** The steps of a case at which its citizen hears from us (domain.md §(b) notification points). */
export const CitizenNotificationStep = z.enum([
  'routed',
  'accepted',
  'on_hold',
  'resolved',
  'closed',
  'reopened',
]);
export type CitizenNotificationStep = z.infer<typeof CitizenNotificationStep>;

/**
 * Staff told about a case by the SLA sweep: the owning unit (its queue and assignee),
 * the department head, the metropolitan coordination centre (ŞKM), the tenant's manager.
 */
export const StaffAudience = z.enum(['unit', 'supervisor', 'coordinator', 'manager']);
export type StaffAudience = z.infer<typeof StaffAudience>;

/**
 * Follow-up work recorded in the same transaction as the change that causes it
 * (transactional outbox). The stream dispatcher forwards each intent to the queue
 * named for it in the manifest; consumers must be idempotent because delivery is
 * at least once.
 */
export const OutboxIntent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('route-case'), caseId: z.string(), eventId: z.string() }).strict(),
  /** Every timeline event feeds the dashboards' counters. */
  z
    .object({
      intent: z.literal('analytics'),
      caseId: z.string(),
      eventId: z.string(),
      eventType: CaseEventType,
    })
    .strict(),
  /**
   * A citizen-facing step: the notification worker decides from the citizen's
   * preferences and consent whether and how (SMS, e-mail) to tell them.
   */
  z
    .object({
      intent: z.literal('notify-citizen'),
      caseId: z.string(),
      eventId: z.string(),
      step: CitizenNotificationStep,
    })
    .strict(),
  /** Staff to alert about a case (SLA escalation); the notification worker resolves the people. */
  z
    .object({
      intent: z.literal('notify-staff'),
      caseId: z.string(),
      eventId: z.string(),
      audience: StaffAudience,
    })
    .strict(),
  /**
   * The satisfaction survey of the case that just closed, due at `dueAt`. A delayed
   * intent: the repository keeps it as a due item on the timing index (not an outbox
   * item, so the stream does not relay it) until the survey job sends it.
   */
  z
    .object({
      intent: z.literal('schedule-survey'),
      caseId: z.string(),
      eventId: z.string(),
      cityId: z.string(),
      dueAt: z.iso.datetime(),
    })
    .strict(),
  /** The survey link of a case, to send to its citizen (the notification worker renders it). */
  z.object({ intent: z.literal('send-survey'), caseId: z.string(), eventId: z.string() }).strict(),
  /** A split's child reached its end; `caseId` is the parent, which resolves when all children have. */
  z
    .object({
      intent: z.literal('child-resolved'),
      caseId: z.string(),
      childCaseId: z.string(),
      eventId: z.string(),
    })
    .strict(),
]);
export type OutboxIntent = z.infer<typeof OutboxIntent>;
export type OutboxIntentName = OutboxIntent['intent'];
