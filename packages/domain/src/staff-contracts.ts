import * as z from 'zod';
import { CaseStatus } from './case.ts';
import { AssistedChannel, Channel } from './channel.ts';
import { LocalizedText } from './localized-text.ts';
import { Role } from './principal.ts';
import { PublicCaseSubmission } from './public-contracts.ts';
import { TenantId, TenantType } from './tenant.ts';
import { Priority } from './work-type.ts';

/** The signed-in staff member, as `GET /v1/staff/me` returns it. */
export const StaffProfile = z
  .object({
    userId: z.string(),
    username: z.string().optional(),
    tenantId: z.string(),
    tenantName: z.string(),
    /** The city of the tenant; absent for platform operators. */
    cityId: z.string().optional(),
    cityName: z.string().optional(),
    /** `platform` for platform operators, who belong to no city's organisation. */
    tenantType: z.union([TenantType, z.literal('platform')]),
    roles: z.array(Role),
    neighbourhood: z.string().optional(),
    departmentCode: z.string().optional(),
  })
  .meta({ id: 'StaffProfile' });
export type StaffProfile = z.infer<typeof StaffProfile>;

/** A case in a staff list: no personal data at all (lists are for triage, not for reading contacts). */
export const StaffCaseSummary = z
  .object({
    id: z.string(),
    trackingNo: z.string(),
    status: CaseStatus,
    workTypeCode: z.string(),
    workTypeName: LocalizedText,
    priority: Priority,
    channel: Channel,
    ownerTenantId: z.string().optional(),
    ownerDepartmentCode: z.string().optional(),
    district: z.string().optional(),
    neighbourhood: z.string().optional(),
    createdAt: z.iso.datetime(),
    slaDueAt: z.iso.datetime(),
  })
  .meta({ id: 'StaffCaseSummary' });
export type StaffCaseSummary = z.infer<typeof StaffCaseSummary>;

export const StaffCaseList = z
  .object({ tenantId: z.string(), items: z.array(StaffCaseSummary), nextCursor: z.string().optional() })
  .meta({ id: 'StaffCaseList' });
export type StaffCaseList = z.infer<typeof StaffCaseList>;

export const StaffCaseListQuery = z
  .object({
    tenantId: TenantId.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(2048).optional(),
  })
  .strict();

/** A case in a work queue: the summary plus what the queue view needs to act on it. */
export const StaffQueueItem = StaffCaseSummary.extend({
  version: z.number().int().positive(),
  assignee: z.object({ kind: z.enum(['user', 'team']), id: z.string(), name: z.string() }).optional(),
  /** The SLA due time has passed. */
  overdue: z.boolean(),
}).meta({ id: 'StaffQueueItem' });
export type StaffQueueItem = z.infer<typeof StaffQueueItem>;

export const StaffQueue = z
  .object({
    tenantId: z.string(),
    departmentCode: z.string().optional(),
    items: z.array(StaffQueueItem),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'StaffQueue' });
export type StaffQueue = z.infer<typeof StaffQueue>;

const statusList = z
  .string()
  .max(200)
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(CaseStatus).min(1));

/** Filters of `GET /v1/staff/queue`; `assignee=me` is "my cases". */
export const StaffQueueQuery = z
  .object({
    tenantId: TenantId.optional(),
    departmentCode: z
      .string()
      .regex(/^[A-Z0-9_]{2,24}$/)
      .optional(),
    status: statusList.optional(),
    workTypeCode: z
      .string()
      .regex(/^[A-Z0-9-]{2,60}$/)
      .optional(),
    neighbourhood: z.string().trim().min(2).max(80).optional(),
    channel: Channel.optional(),
    assignee: z.string().min(1).max(128).optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(2048).optional(),
  })
  .strict();

/** Bulk assignment from the queue view: each case is assigned on its own, at its own version. */
export const BulkAssignRequest = z
  .object({
    items: z
      .array(z.object({ caseId: z.string().max(26), expectedVersion: z.number().int().positive() }).strict())
      .min(1)
      .max(50),
    assignee: z
      .object({
        kind: z.enum(['user', 'team']),
        id: z.string().min(1).max(128),
        name: z.string().trim().min(1).max(120),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'BulkAssignRequest' });
export type BulkAssignRequest = z.infer<typeof BulkAssignRequest>;

export const BulkAssignResult = z
  .object({
    results: z.array(
      z.object({
        caseId: z.string(),
        outcome: z.enum(['assigned', 'conflict', 'forbidden', 'not-found', 'invalid-transition']),
      }),
    ),
  })
  .meta({ id: 'BulkAssignResult' });
export type BulkAssignResult = z.infer<typeof BulkAssignResult>;

/** Why someone needs to see a citizen's contact details in clear (KVKK purpose limitation). */
export const PiiUnmaskRequest = z
  .object({ reason: z.string().trim().min(5).max(500) })
  .strict()
  .meta({ id: 'PiiUnmaskRequest' });

/** A KVKK m.11 erasure request as the administrator records it. */
export const ErasureRequest = z
  .object({
    /** The citizen's application reference (e.g. the KVKK başvuru number or EBYS document no). */
    requestRef: z.string().trim().min(1).max(64),
    reason: z.string().trim().min(5).max(500),
  })
  .strict()
  .meta({ id: 'ErasureRequest' });
export type ErasureRequest = z.infer<typeof ErasureRequest>;

/** A case an agent, desk officer or muhtar files for a citizen: the citizen's form plus the channel. */
export const StaffCaseSubmission = PublicCaseSubmission.extend({ channel: AssistedChannel })
  .strict()
  .meta({ id: 'StaffCaseSubmission' });
export type StaffCaseSubmission = z.input<typeof StaffCaseSubmission>;

export const StaffCaseCreated = z
  .object({
    caseId: z.string(),
    /** Grouped for dictation over the phone: `4827-3915-0266`. */
    trackingNo: z.string(),
    status: CaseStatus,
    createdAt: z.iso.datetime(),
    slaDueAt: z.iso.datetime(),
  })
  .meta({ id: 'StaffCaseCreated' });
export type StaffCaseCreated = z.infer<typeof StaffCaseCreated>;

/** A comment on a case's timeline; `commentId` (a client UUID) makes a retried request harmless. */
export const CaseCommentRequest = z
  .object({
    commentId: z.uuid(),
    text: z.string().trim().min(1).max(4000),
    visibility: z.enum(['internal', 'public']),
  })
  .strict()
  .meta({ id: 'CaseCommentRequest' });
export type CaseCommentRequest = z.infer<typeof CaseCommentRequest>;
