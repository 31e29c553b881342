import { z } from 'zod';
import { Channel } from './channel.ts';
import { CitizenContact, KvkkConsent } from './citizen-contact.ts';
import { GeoPoint, TenantId } from './tenant.ts';
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
  /** Set by routing: the district whose territory holds the point. */
  districtTenantId: TenantId.optional(),
}).strict();
export type CaseLocation = z.infer<typeof CaseLocation>;

export const AttachmentContentType = z.enum([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/pdf',
]);
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Metadata of a photo or document; the bytes go to S3 under the owning tenant's prefix. */
export const AttachmentMeta = z
  .object({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .regex(/^[^/\\\p{Cc}\p{Cf}]+$/u, { error: 'attachment.file-name' }),
    contentType: AttachmentContentType,
    sizeBytes: z.number().int().positive().max(MAX_ATTACHMENT_BYTES),
  })
  .strict();
export type AttachmentMeta = z.infer<typeof AttachmentMeta>;

export const CaseId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'case.id' });

export const Case = z
  .object({
    id: CaseId,
    cityId: z.string(),
    trackingNo: z.string().regex(/^\d{12}$/),
    status: CaseStatus,
    workTypeCode: WorkTypeCode,
    catalogVersion: z.string(),
    kind: CaseKind,
    priority: Priority,
    channel: Channel,
    description: z.string(),
    location: CaseLocation.optional(),
    attachments: z.array(AttachmentMeta),
    contact: CitizenContact.optional(),
    consent: KvkkConsent,
    ownerTenantId: TenantId.optional(),
    ownerDepartmentCode: z.string().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    slaDueAt: z.iso.datetime(),
    routedAt: z.iso.datetime().optional(),
    /** Set when personal data was erased (KVKK m.11 request or retention); the case stays for statistics. */
    anonymisedAt: z.iso.datetime().optional(),
    version: z.number().int().positive(),
  })
  .strict();
export type Case = z.infer<typeof Case>;
