import { z } from 'zod';
import { Role } from './principal.ts';
import { TenantType } from './tenant.ts';

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
