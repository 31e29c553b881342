import { z } from 'zod';
import { CaseStatus } from './case.ts';
import { Channel } from './channel.ts';
import { LocalizedText } from './localized-text.ts';
import { Role } from './principal.ts';
import { TenantId, TenantType } from './tenant.ts';
import { Priority } from './work-type.ts';

/** The signed-in staff member, as `GET /v1/staff/me` returns it. */
export const StaffProfile = z
  .object({
    userId: z.string(),
    username: z.string().optional(),
    tenantId: z.string(),
    tenantName: z.string(),
    tenantType: TenantType,
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
