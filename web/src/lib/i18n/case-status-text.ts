import type { CaseEventType, CaseKind, CaseStatus } from '@citydesk/domain';
import { m } from '#lib/paraglide/messages.js';

/*
 * Explicit tables rather than m[`status_${x}`]: the compiler then checks that every
 * status and event type has a text, and the bundler keeps only the messages used.
 */

const statusLabels: Record<CaseStatus, () => string> = {
  NEW: m.status_NEW,
  TRIAGE: m.status_TRIAGE,
  ROUTED: m.status_ROUTED,
  ACCEPTED: m.status_ACCEPTED,
  ASSIGNED: m.status_ASSIGNED,
  IN_PROGRESS: m.status_IN_PROGRESS,
  ON_HOLD: m.status_ON_HOLD,
  RESOLVED: m.status_RESOLVED,
  CLOSED: m.status_CLOSED,
  CANCELLED: m.status_CANCELLED,
};

const statusExplanations: Record<CaseStatus, () => string> = {
  NEW: m.status_explain_NEW,
  TRIAGE: m.status_explain_TRIAGE,
  ROUTED: m.status_explain_ROUTED,
  ACCEPTED: m.status_explain_ACCEPTED,
  ASSIGNED: m.status_explain_ASSIGNED,
  IN_PROGRESS: m.status_explain_IN_PROGRESS,
  ON_HOLD: m.status_explain_ON_HOLD,
  RESOLVED: m.status_explain_RESOLVED,
  CLOSED: m.status_explain_CLOSED,
  CANCELLED: m.status_explain_CANCELLED,
};

const eventLabels: Record<CaseEventType, () => string> = {
  created: m.event_created,
  routed: m.event_routed,
  accepted: m.event_accepted,
  returned: m.event_returned,
  transferred: m.event_transferred,
  assigned: m.event_assigned,
  started: m.event_started,
  on_hold: m.event_on_hold,
  resumed: m.event_resumed,
  resolved: m.event_resolved,
  closed: m.event_closed,
  reopened: m.event_reopened,
  cancelled: m.event_cancelled,
  note: m.event_note,
  anonymised: m.event_anonymised,
  assignment_accepted: m.event_assignment_accepted,
  assignment_declined: m.event_assignment_declined,
  reclassified: m.event_reclassified,
  split: m.event_split,
  comment: m.event_comment,
  escalated: m.event_escalated,
  child_resolved: m.event_child_resolved,
  attachment_added: m.event_attachment_added,
  notification_sent: m.event_notification_sent,
  notification_failed: m.event_notification_failed,
  survey_sent: m.event_survey_sent,
  survey_answered: m.event_survey_answered,
  survey_follow_up_opened: m.event_survey_follow_up_opened,
  survey_follow_up_decided: m.event_survey_follow_up_decided,
  incident_attached: m.event_incident_attached,
  incident_ended: m.event_incident_ended,
};

const kindLabels: Record<CaseKind, () => string> = {
  request: m.kind_request,
  complaint: m.kind_complaint,
  suggestion: m.kind_suggestion,
  information: m.kind_information,
  thanks: m.kind_thanks,
};

/** Short citizen-facing name of a workflow status, in the current locale. */
export const statusLabel = (status: CaseStatus): string => statusLabels[status]();

/** One plain-language sentence on what the status means for the citizen. */
export const statusExplanation = (status: CaseStatus): string => statusExplanations[status]();

/** Title of a public timeline entry. */
export const eventLabel = (type: CaseEventType): string => eventLabels[type]();

/** Talep, şikâyet, öneri…: the kind of application a work type files. */
export const kindLabel = (kind: CaseKind): string => kindLabels[kind]();

/** The four stages a citizen cares about, and where each status sits on them. */
export const STAGES = [m.stage_received, m.stage_routed, m.stage_working, m.stage_done] as const;

const stageOfStatus: Record<CaseStatus, number> = {
  NEW: 0,
  TRIAGE: 0,
  ROUTED: 1,
  ACCEPTED: 1,
  ASSIGNED: 2,
  IN_PROGRESS: 2,
  ON_HOLD: 2,
  RESOLVED: 3,
  CLOSED: 3,
  CANCELLED: 3,
};

/** Index into {@link STAGES} of the stage a status belongs to. */
export const stageIndex = (status: CaseStatus): number => stageOfStatus[status];
