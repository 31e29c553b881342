import * as z from 'zod';
import { Actor } from './actor.ts';
import { CaseStatus } from './case.ts';
import { TenantId } from './tenant.ts';

export { Actor } from './actor.ts';

export const CaseEventType = z.enum([
  'created',
  'routed',
  'accepted',
  'returned',
  'transferred',
  'assigned',
  'started',
  'on_hold',
  'resumed',
  'resolved',
  'closed',
  'reopened',
  'cancelled',
  'note',
  'anonymised',
  // Lifecycle (case-lifecycle.ts): assignment handshake, intake corrections, splits.
  'assignment_accepted',
  'assignment_declined',
  'reclassified',
  'split',
  'comment',
  'escalated',
  'child_resolved',
  // A confirmed upload (photo, video, voice note, document); internal.
  'attachment_added',
  // Citizen notification outcomes (notification-delivery.ts); internal, for staff only.
  'notification_sent',
  'notification_failed',
  // Satisfaction surveys (satisfaction-survey.ts); internal: sent, answered, and the
  // follow-up a "not resolved" answer opens and its supervisor's decision.
  'survey_sent',
  'survey_answered',
  'survey_follow_up_opened',
  'survey_follow_up_decided',
  // Incidents (incident.ts); public: attached at routing, and the incident's end.
  'incident_attached',
  'incident_ended',
]);
export type CaseEventType = z.infer<typeof CaseEventType>;

/**
 * Events that annotate a case without changing it. Most are appended beside the
 * workflow, outside the case's version check (comments, notification outcomes, survey
 * steps, an incident's end told to a case already resolved), so the status and owner
 * they carry are what their writer last read and may be stale by the time they land:
 * a notification written after a slow provider call can say ROUTED after the case went
 * back to triage. The case's state after a timeline is its last other event's.
 */
export const ANNOTATION_EVENT_TYPES: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'note',
  'comment',
  'attachment_added',
  'notification_sent',
  'notification_failed',
  'survey_sent',
  'survey_answered',
  'survey_follow_up_opened',
  'survey_follow_up_decided',
  'incident_ended',
]);

/** One entry of a case's timeline. Public events are shown on the citizen's track page. */
export const CaseEvent = z
  .object({
    caseId: z.string(),
    eventId: z.string(),
    at: z.iso.datetime(),
    type: CaseEventType,
    actor: Actor,
    visibility: z.enum(['public', 'internal']),
    status: CaseStatus,
    tenantId: TenantId.optional(),
    departmentCode: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type CaseEvent = z.infer<typeof CaseEvent>;
