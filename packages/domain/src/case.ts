import * as z from 'zod';
import { Actor } from './actor.ts';
import {
  ATTACHMENT_CONTENT_TYPES,
  MAX_ANY_ATTACHMENT_BYTES,
  maxAttachmentBytes,
} from './attachment-rules.ts';
import { Channel } from './channel.ts';
import { CitizenContact, KvkkConsent } from './citizen-contact.ts';
import { SlaEscalationMark } from './sla-escalation.ts';
import { GeoPoint, TenantId } from './tenant.ts';
import type { ValidationMessageKey } from './validation-messages.ts';
import { CaseKind, Priority, WorkTypeCode } from './work-type.ts';

/** Workflow state, separate from the closing result (domain.md §(a), §(b)). */
export const CaseStatus = z.enum([
  'NEW',
  'TRIAGE',
  'ROUTED',
  'ACCEPTED',
  'ASSIGNED',
  'IN_PROGRESS',
  'ON_HOLD',
  'RESOLVED',
  'CLOSED',
  'CANCELLED',
]);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** The 19 closing result statuses (sonuç durumu) of domain.md §(a). */
export const ResultCode = z.enum([
  'RESOLVED',
  'RESOLVED_PARTIAL',
  'INFO_GIVEN',
  'SCHEDULED',
  'PLANNED_INVESTMENT',
  'REFERRED_INTERNAL',
  'REFERRED_EXTERNAL',
  'NOT_OUR_AUTHORITY',
  'DUPLICATE',
  'LOCATION_NOT_FOUND',
  'CITIZEN_UNREACHABLE',
  'NO_ISSUE_FOUND',
  'ENFORCEMENT_DONE',
  'REJECTED',
  'WITHDRAWN',
  'INVALID',
  'SUGGESTION_NOTED',
  'THANKS_FORWARDED',
  'CANCELLED',
]);
export type ResultCode = z.infer<typeof ResultCode>;

export const CaseLocation = GeoPoint.extend({
  address: z.string().trim().min(3).max(300).optional(),
  neighbourhood: z.string().trim().min(2).max(80).optional(),
  /** The street, avenue or road (cadde/sokak/yol) the case is about: split rules check it against designated road lists. */
  roadName: z.string().trim().min(2).max(120).optional(),
  /** Set by routing: the district whose territory holds the point. */
  districtTenantId: TenantId.optional(),
}).strict();
export type CaseLocation = z.infer<typeof CaseLocation>;

/** The allowed attachment types (photo, video, voice, PDF); attachment-rules.ts holds their kinds and limits. */
export const AttachmentContentType = z.enum(ATTACHMENT_CONTENT_TYPES);
export type AttachmentContentType = z.infer<typeof AttachmentContentType>;
/** The largest attachment of any type (a video); each type's own limit is `maxAttachmentBytes`. */
export const MAX_ATTACHMENT_BYTES = MAX_ANY_ATTACHMENT_BYTES;

/** A file's name as its owner chose it: shown and offered on download, never used as a storage key. */
export const AttachmentFileName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .regex(/^[^/\\\p{Cc}\p{Cf}]+$/u, { error: 'attachment.file-name' });

const attachmentMetaShape = {
  fileName: AttachmentFileName,
  contentType: AttachmentContentType,
  sizeBytes: z.number().int().positive().max(MAX_ATTACHMENT_BYTES),
};

/** Each type has its own limit: a 50 MB video is fine, a 50 MB "photo" is not. */
const withinTypeLimit = (a: { contentType: AttachmentContentType; sizeBytes: number }) =>
  a.sizeBytes <= maxAttachmentBytes(a.contentType);
const typeLimitIssue = { error: 'attachment.too-large', path: ['sizeBytes'] };

/** Metadata of a photo, video, voice note or document as a client declares it. */
export const AttachmentMeta = z.object(attachmentMetaShape).strict().refine(withinTypeLimit, typeLimitIssue);
export type AttachmentMeta = z.infer<typeof AttachmentMeta>;

/** Why a file is on the case: `evidence` backs the work (after-photos when closing), `document` informs it. */
export const AttachmentPurpose = z.enum(['evidence', 'document']);
export type AttachmentPurpose = z.infer<typeof AttachmentPurpose>;

/** An attachment's id: a ULID, chosen by the server when the upload is requested. */
export const AttachmentId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'attachment.id' });

/**
 * A file whose upload was confirmed: stored in S3 under the prefix of `storageTenantId`
 * (the case's owner when it was uploaded, ARCHITECTURE.md §3), its real type checked
 * from its bytes. The storage key itself never leaves the server.
 */
export const CaseAttachment = z
  .object({
    id: AttachmentId,
    ...attachmentMetaShape,
    purpose: AttachmentPurpose,
    uploadedAt: z.iso.datetime(),
    uploadedBy: Actor,
    storageTenantId: TenantId,
  })
  .strict()
  .refine(withinTypeLimit, typeLimitIssue);
export type CaseAttachment = z.infer<typeof CaseAttachment>;

/**
 * An item of `Case.attachments`: a confirmed upload, or the bare metadata that public
 * submissions recorded before uploads existed (no id: nothing can be downloaded).
 */
export const StoredAttachment = z.union([CaseAttachment, AttachmentMeta]);
export type StoredAttachment = z.infer<typeof StoredAttachment>;

export const CaseId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'case.id' });

/** Why work on a case is paused (domain.md §(b) ON_HOLD): a closed list, so it can be reported. */
export const HoldReason = z.enum([
  'material',
  'tender',
  'season',
  'other-institution',
  'citizen-input',
  'other',
]);
export type HoldReason = z.infer<typeof HoldReason>;

/** A calendar day (YYYY-MM-DD), as a citizen is promised it ("on 14 March"). */
export const CalendarDate = z.iso.date({ error: 'date.invalid' });

/**
 * A trimmed free text of `min`..`max` characters; `key` names the message (which
 * states the bounds) shown when it is out of them.
 */
export const boundedText = (min: number, max: number, key: ValidationMessageKey) =>
  z.string().trim().min(min, { error: key }).max(max, { error: key });

/** An external body a case is referred to (UEDAŞ 186, KGM, Alo 181…): the citizen is told where to go. */
export const ReferralInstitution = z
  .object({
    name: boundedText(2, 160, 'evidence.institution'),
    phone: boundedText(3, 40, 'evidence.institution').optional(),
    note: boundedText(1, 500, 'evidence.institution').optional(),
  })
  .strict();
export type ReferralInstitution = z.infer<typeof ReferralInstitution>;

/**
 * What backs a closing result (domain.md §(a) "required evidence"). Every field is
 * optional here; which ones a result code needs is `RESULT_CODE_RULES`' business.
 */
export const ClosingEvidence = z
  .object({
    /** Ids of the case's attachments with purpose `evidence` (after-photos of field work). */
    attachmentIds: z
      .array(boundedText(1, 64, 'evidence.attachment-id'))
      .max(20)
      .optional(),
    /** DUPLICATE: the open case this one repeats. */
    masterCaseId: CaseId.optional(),
    /** REFERRED_EXTERNAL: where the citizen should go. */
    institution: ReferralInstitution.optional(),
    /** SCHEDULED: when the work is planned. */
    plannedDate: CalendarDate.optional(),
    /** PLANNED_INVESTMENT: the investment programme or budget year. */
    programme: boundedText(2, 200, 'evidence.programme').optional(),
    /** REJECTED, NOT_OUR_AUTHORITY: why. */
    reason: boundedText(5, 1000, 'evidence.reason').optional(),
    /** REJECTED: the plan, regulation or law article the refusal rests on. */
    legalBasis: boundedText(3, 300, 'evidence.legal-basis').optional(),
    /** The work order (iş emri) that did the work. */
    workOrderRef: boundedText(1, 64, 'evidence.work-order').optional(),
    /** LOCATION_NOT_FOUND, CITIZEN_UNREACHABLE: who tried to reach whom, when, how. */
    attemptLog: boundedText(5, 2000, 'evidence.attempt-log').optional(),
  })
  .strict();
export type ClosingEvidence = z.infer<typeof ClosingEvidence>;

/** Who works a case inside the owning unit: a person or a field team (ekip). */
export const CaseAssignee = z
  .object({
    kind: z.enum(['user', 'team']),
    id: z.string().trim().min(1).max(128),
    name: z.string().trim().min(1).max(160),
    assignedAt: z.iso.datetime(),
    /** When the assigned user confirmed the work order. */
    acceptedAt: z.iso.datetime().optional(),
  })
  .strict();
export type CaseAssignee = z.infer<typeof CaseAssignee>;

/** Statuses a case on hold returns to when work resumes. */
export const ResumeStatus = z.enum(['ACCEPTED', 'ASSIGNED', 'IN_PROGRESS']);
export type ResumeStatus = z.infer<typeof ResumeStatus>;

/** Why and until when a case is on hold, and where it resumes. */
export const CaseHold = z
  .object({
    reason: HoldReason,
    resumeOn: CalendarDate,
    note: z.string().trim().max(1000).optional(),
    since: z.iso.datetime(),
    resumeStatus: ResumeStatus,
  })
  .strict();
export type CaseHold = z.infer<typeof CaseHold>;

/** The closing result: a code, what the citizen is told, what staff keep to themselves (domain.md §(a)). */
export const CaseResult = z
  .object({
    code: ResultCode,
    publicAnswer: z.string(),
    internalNote: z.string(),
    evidence: ClosingEvidence.optional(),
    at: z.iso.datetime(),
    by: Actor,
  })
  .strict();
export type CaseResult = z.infer<typeof CaseResult>;

/**
 * The id another system gave the request before it reached us (a CİMER application
 * number, an Açık Kapı or e-Devlet reference, a district call centre's ticket): unique
 * per submitting tenant and system, so a bridge resending it gets the same case.
 */
export const ExternalReference = z
  .object({
    /** The sending system: `cimer`, `e_devlet`, `acik_kapi`, or a district's own software name. */
    system: z.string().regex(/^[a-z][a-z0-9_.-]{1,39}$/, { error: 'external-reference.system' }),
    id: z
      .string()
      .trim()
      .min(1, { error: 'external-reference.id' })
      .max(100, { error: 'external-reference.id' })
      .regex(/^[^\p{Cc}\p{Cf}#]+$/u, { error: 'external-reference.id' }),
  })
  .strict()
  .meta({ id: 'ExternalReference' });
export type ExternalReference = z.infer<typeof ExternalReference>;

export const Case = z
  .object({
    id: CaseId,
    cityId: z.string(),
    trackingNo: z.string().regex(/^\d{12}$/),
    status: CaseStatus,
    workTypeCode: WorkTypeCode,
    catalogVersion: z.string(),
    /**
     * The city configuration version the case was opened under: its SLA and routing
     * are read from it, so later settings changes do not alter it retroactively.
     * Absent on cases stored before configurations were versioned.
     */
    configVersion: z.number().int().positive().optional(),
    kind: CaseKind,
    priority: Priority,
    channel: Channel,
    /** Set when a bridge or integration filed the case under its own reference. */
    externalReference: ExternalReference.optional(),
    description: z.string(),
    location: CaseLocation.optional(),
    attachments: z.array(StoredAttachment),
    contact: CitizenContact.optional(),
    consent: KvkkConsent,
    ownerTenantId: TenantId.optional(),
    ownerDepartmentCode: z.string().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    slaDueAt: z.iso.datetime(),
    /** The statutory answer deadline of its channel (CİMER, Açık Kapı, Law 4982), when it has one. */
    legalDueAt: z.iso.datetime().optional(),
    /** The highest SLA escalation reached for the current due time (sla-escalation.ts). */
    slaEscalation: SlaEscalationMark.optional(),
    routedAt: z.iso.datetime().optional(),
    // Lifecycle (case-lifecycle.ts). All optional: cases stored before them stay valid.
    acceptedAt: z.iso.datetime().optional(),
    resolvedAt: z.iso.datetime().optional(),
    closedAt: z.iso.datetime().optional(),
    cancelledAt: z.iso.datetime().optional(),
    assignee: CaseAssignee.optional(),
    hold: CaseHold.optional(),
    result: CaseResult.optional(),
    /** How often the case came back after a result: the reopen-rate KPI. */
    reopenCount: z.number().int().nonnegative().optional(),
    /** A split's child: the case the citizen tracks. */
    parentCaseId: CaseId.optional(),
    /** A split parent: the cases the work was divided into. */
    childCaseIds: z.array(CaseId).optional(),
    /** The incident (incident.ts) the case was attached to at routing: it is answered when the incident ends. */
    incidentId: z.string().optional(),
    /** Set when personal data was erased (KVKK m.11 request or retention); the case stays for statistics. */
    anonymisedAt: z.iso.datetime().optional(),
    version: z.number().int().positive(),
  })
  .strict();
export type Case = z.infer<typeof Case>;
