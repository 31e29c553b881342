import * as z from 'zod';
import {
  boundedText,
  CalendarDate,
  ClosingEvidence,
  type ClosingEvidence as ClosingEvidenceType,
  HoldReason,
  ResultCode,
} from './case.ts';
import type { LocalizedText } from './localized-text.ts';
import { TenantId } from './tenant.ts';
import { Priority, WorkTypeCode } from './work-type.ts';

/*
 * The wire contract of every workflow step on a case (domain.md §(b)). One command
 * per request; `expectedVersion` is the version the caller saw, so that of two people
 * acting at once exactly one succeeds. Shapes are checked here; whether a step is
 * allowed in the case's status, for this principal, with this result code, is
 * case-lifecycle.ts' business.
 */

const expectedVersion = z.number().int().positive();
const reason = boundedText(5, 500, 'command.reason');
const note = z.string().trim().max(1000, { error: 'command.note' });
const departmentCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9_]{2,24}$/, { error: 'command.department' });
const publicAnswer = boundedText(10, 2000, 'command.public-answer');
const internalNote = boundedText(3, 2000, 'command.internal-note');

/** Who to give the work to: a staff user (Cognito sub) or a field team of the owning tenant. */
export const AssigneeRef = z
  .object({
    kind: z.enum(['user', 'team']),
    id: z.string().trim().min(1, { error: 'command.assignee' }).max(128, { error: 'command.assignee' }),
    name: z.string().trim().min(1, { error: 'command.assignee' }).max(120, { error: 'command.assignee' }),
  })
  .strict();
export type AssigneeRef = z.infer<typeof AssigneeRef>;

/** One part of a split: its own work type, owner and (optionally) its own description. */
export const SplitChild = z
  .object({
    workTypeCode: WorkTypeCode,
    tenantId: TenantId,
    departmentCode,
    description: boundedText(3, 2000, 'split.description').optional(),
  })
  .strict();
export type SplitChild = z.infer<typeof SplitChild>;

/** Intake: correct the work type (and with it kind and SLA) or the priority. */
export const ReclassifyCommand = z
  .object({
    action: z.literal('reclassify'),
    expectedVersion,
    workTypeCode: WorkTypeCode,
    priority: Priority.optional(),
  })
  .strict();
/** Coordinator's triage decision: give the case to a tenant and department. */
export const RouteCommand = z
  .object({
    action: z.literal('route'),
    expectedVersion,
    tenantId: TenantId,
    departmentCode,
    note: note.optional(),
  })
  .strict();
/** The receiving unit takes the case. */
export const AcceptCommand = z.object({ action: z.literal('accept'), expectedVersion }).strict();
/** "Not ours": back to the metropolitan triage, never directly to another tenant. */
export const ReturnCommand = z.object({ action: z.literal('return'), expectedVersion, reason }).strict();
/** Move an open case to another tenant or department (the REFERRED_INTERNAL of domain.md §(a)). */
export const TransferCommand = z
  .object({ action: z.literal('transfer'), expectedVersion, tenantId: TenantId, departmentCode, reason })
  .strict();
/** Give the work to a person or team (a work order, iş emri); re-assigning is allowed. */
export const AssignCommand = z
  .object({ action: z.literal('assign'), expectedVersion, assignee: AssigneeRef })
  .strict();
/** The assigned person confirms the work order. */
export const AcceptAssignmentCommand = z
  .object({ action: z.literal('accept-assignment'), expectedVersion })
  .strict();
/** The assigned person declines the work order; the case goes back to the unit's queue. */
export const DeclineAssignmentCommand = z
  .object({ action: z.literal('decline-assignment'), expectedVersion, reason })
  .strict();
/** Work starts (the field team is on site, or the clerk has started). */
export const StartCommand = z.object({ action: z.literal('start'), expectedVersion }).strict();
/** Pause the work for a reason from the closed list, until a date. */
export const HoldCommand = z
  .object({
    action: z.literal('hold'),
    expectedVersion,
    reason: HoldReason,
    resumeOn: CalendarDate,
    note: note.optional(),
  })
  .strict();
/** Work continues where it was paused. */
export const ResumeCommand = z
  .object({ action: z.literal('resume'), expectedVersion, note: note.optional() })
  .strict();
/** The unit is done: a result code, the answer the citizen receives, a note for staff, the evidence. */
export const ResolveCommand = z
  .object({
    action: z.literal('resolve'),
    expectedVersion,
    resultCode: ResultCode,
    publicAnswer,
    internalNote,
    evidence: ClosingEvidence.optional(),
  })
  .strict();
/**
 * Confirm a resolved case's result (optionally correcting it), or close a case at
 * first contact (then the result fields are required).
 */
export const CloseCommand = z
  .object({
    action: z.literal('close'),
    expectedVersion,
    resultCode: ResultCode.optional(),
    publicAnswer: publicAnswer.optional(),
    internalNote: internalNote.optional(),
    evidence: ClosingEvidence.optional(),
  })
  .strict();
/** The citizen says "not solved" (or staff find it was not): back to the metropolitan triage. */
export const ReopenCommand = z
  .object({ action: z.literal('reopen'), expectedVersion, reason, requestedBy: z.enum(['citizen', 'staff']) })
  .strict();
/** An erroneous record (operator error): ends with result CANCELLED. */
export const CancelCommand = z.object({ action: z.literal('cancel'), expectedVersion, reason }).strict();
/** One request, several owners: the parent stays with the metro and the citizen, each part goes to its unit. */
export const SplitCommand = z
  .object({
    action: z.literal('split'),
    expectedVersion,
    children: z.array(SplitChild).min(2, { error: 'split.children' }).max(10, { error: 'split.children' }),
    note: boundedText(3, 1000, 'split.note'),
  })
  .strict();

/** Every workflow step on a case, discriminated by `action`. */
export const CaseCommand = z
  .discriminatedUnion('action', [
    ReclassifyCommand,
    RouteCommand,
    AcceptCommand,
    ReturnCommand,
    TransferCommand,
    AssignCommand,
    AcceptAssignmentCommand,
    DeclineAssignmentCommand,
    StartCommand,
    HoldCommand,
    ResumeCommand,
    ResolveCommand,
    CloseCommand,
    ReopenCommand,
    CancelCommand,
    SplitCommand,
  ])
  .meta({ id: 'CaseCommand' });
export type CaseCommand = z.infer<typeof CaseCommand>;
export type CaseCommandName = CaseCommand['action'];
/** The command of one action. */
export type CaseCommandOf<A extends CaseCommandName> = Extract<CaseCommand, { action: A }>;

/** Every command name, in workflow order: for exhaustive tests, UI buttons and the generated doc. */
export const CASE_COMMAND_NAMES = [
  'reclassify',
  'route',
  'split',
  'accept',
  'return',
  'transfer',
  'assign',
  'accept-assignment',
  'decline-assignment',
  'start',
  'hold',
  'resume',
  'resolve',
  'close',
  'reopen',
  'cancel',
] as const satisfies readonly CaseCommandName[];

/** Evidence a result code may require; `evidencePhoto` applies to field work (work types with a location) only. */
export type EvidenceRequirement = keyof ClosingEvidenceType | 'evidencePhoto';

/** How a result counts in the "resolved" KPI (domain.md §(a)). */
export type ResolutionCount =
  | 'yes'
  | 'flagged'
  | 'separate-kpi'
  | 'no'
  | 'master-counts'
  | 'excluded'
  | 'not-a-result';
/** Whether a result triggers the satisfaction survey (domain.md §(a), §(e)). */
export type SurveyTrigger = 'yes' | 'optional' | 'after-execution' | 'no';

/** What one result code means and needs. */
export interface ResultCodeRule {
  label: LocalizedText;
  /** Evidence fields that must be present when the case is resolved or closed with this code. */
  requires: readonly EvidenceRequirement[];
  /** `resolve-close`: an ordinary result; `transfer`: not a result, use transfer; `cancel`: only via cancel. */
  via: 'resolve-close' | 'transfer' | 'cancel';
  /** May a case be closed with it at first contact (NEW/TRIAGE), before any unit worked it? */
  atFirstContact: boolean;
  countsAsResolved: ResolutionCount;
  triggersSurvey: SurveyTrigger;
}

/**
 * The 19 result codes (domain.md §(a)) and their rules: the lifecycle enforces
 * `requires`, `via` and `atFirstContact`; the UI shows the labels and asks for the
 * required evidence; reports read the KPI columns.
 */
export const RESULT_CODE_RULES: Readonly<Record<ResultCode, ResultCodeRule>> = {
  RESOLVED: {
    label: { tr: 'Çözüldü / Olumlu sonuçlandı', en: 'Resolved' },
    requires: ['evidencePhoto'],
    via: 'resolve-close',
    atFirstContact: false,
    countsAsResolved: 'yes',
    triggersSurvey: 'yes',
  },
  RESOLVED_PARTIAL: {
    label: { tr: 'Kısmen çözüldü', en: 'Partly resolved' },
    requires: [],
    via: 'resolve-close',
    atFirstContact: false,
    countsAsResolved: 'flagged',
    triggersSurvey: 'yes',
  },
  INFO_GIVEN: {
    label: { tr: 'Bilgi verildi', en: 'Information given' },
    requires: [],
    via: 'resolve-close',
    atFirstContact: true,
    countsAsResolved: 'yes',
    triggersSurvey: 'optional',
  },
  SCHEDULED: {
    label: { tr: 'İş programına alındı', en: 'Scheduled' },
    requires: ['plannedDate'],
    via: 'resolve-close',
    atFirstContact: false,
    countsAsResolved: 'no',
    triggersSurvey: 'after-execution',
  },
  PLANNED_INVESTMENT: {
    label: { tr: 'Yatırım programına alındı', en: 'Included in the investment programme' },
    requires: ['programme'],
    via: 'resolve-close',
    atFirstContact: false,
    countsAsResolved: 'no',
    triggersSurvey: 'optional',
  },
  REFERRED_INTERNAL: {
    label: {
      tr: "İlgili belediyeye/BASKİ'ye aktarıldı",
      en: 'Transferred to the competent municipality or BASKİ',
    },
    requires: [],
    via: 'transfer',
    atFirstContact: false,
    countsAsResolved: 'not-a-result',
    triggersSurvey: 'no',
  },
  REFERRED_EXTERNAL: {
    label: { tr: 'Yetkili kuruma yönlendirildi', en: 'Referred to the competent outside body' },
    requires: ['institution'],
    via: 'resolve-close',
    atFirstContact: true,
    countsAsResolved: 'separate-kpi',
    triggersSurvey: 'no',
  },
  NOT_OUR_AUTHORITY: {
    label: { tr: 'Belediyemizin görev/yetki alanı dışında', en: 'Outside the municipality’s authority' },
    requires: ['reason'],
    via: 'resolve-close',
    atFirstContact: true,
    countsAsResolved: 'separate-kpi',
    triggersSurvey: 'no',
  },
  DUPLICATE: {
    label: { tr: 'Mükerrer kayıt', en: 'Duplicate' },
    requires: ['masterCaseId'],
    via: 'resolve-close',
    atFirstContact: true,
    countsAsResolved: 'master-counts',
    triggersSurvey: 'no',
  },
  LOCATION_NOT_FOUND: {
    label: { tr: 'Adres/konum tespit edilemedi', en: 'Location not found' },
    requires: ['attemptLog'],
    via: 'resolve-close',
    atFirstContact: false,
    countsAsResolved: 'no',
    triggersSurvey: 'no',
  },
  CITIZEN_UNREACHABLE: {
    label: { tr: 'Başvuru sahibine ulaşılamadı', en: 'Applicant unreachable' },
    requires: ['attemptLog'],
    via: 'resolve-close',
    atFirstContact: false,
    countsAsResolved: 'no',
    triggersSurvey: 'no',
  },
  NO_ISSUE_FOUND: {
    label: { tr: 'Yerinde incelendi, sorun tespit edilmedi', en: 'Inspected on site, no issue found' },
    requires: ['evidencePhoto'],
    via: 'resolve-close',
    atFirstContact: false,
    countsAsResolved: 'yes',
    triggersSurvey: 'yes',
  },
  ENFORCEMENT_DONE: {
    label: { tr: 'Gereği yapıldı', en: 'Enforcement action taken' },
    requires: [],
    via: 'resolve-close',
    atFirstContact: false,
    countsAsResolved: 'yes',
    triggersSurvey: 'yes',
  },
  REJECTED: {
    label: { tr: 'Talep uygun görülmedi', en: 'Request refused' },
    requires: ['reason', 'legalBasis'],
    via: 'resolve-close',
    atFirstContact: false,
    countsAsResolved: 'yes',
    triggersSurvey: 'yes',
  },
  WITHDRAWN: {
    label: { tr: 'Başvuru sahibi talebinden vazgeçti', en: 'Withdrawn by the applicant' },
    requires: [],
    via: 'resolve-close',
    atFirstContact: true,
    countsAsResolved: 'no',
    triggersSurvey: 'no',
  },
  INVALID: {
    label: { tr: 'İncelenemeyecek başvuru', en: 'Cannot be examined' },
    requires: [],
    via: 'resolve-close',
    atFirstContact: true,
    countsAsResolved: 'excluded',
    triggersSurvey: 'no',
  },
  SUGGESTION_NOTED: {
    label: { tr: 'Öneri değerlendirmeye alındı', en: 'Suggestion noted' },
    requires: [],
    via: 'resolve-close',
    atFirstContact: true,
    countsAsResolved: 'yes',
    triggersSurvey: 'no',
  },
  THANKS_FORWARDED: {
    label: { tr: 'Teşekkür ilgili birime iletildi', en: 'Thanks passed on to the unit' },
    requires: [],
    via: 'resolve-close',
    atFirstContact: true,
    countsAsResolved: 'yes',
    triggersSurvey: 'no',
  },
  CANCELLED: {
    label: { tr: 'Hatalı kayıt (iptal)', en: 'Erroneous record (cancelled)' },
    requires: [],
    via: 'cancel',
    atFirstContact: false,
    countsAsResolved: 'excluded',
    triggersSurvey: 'no',
  },
};
