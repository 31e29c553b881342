import * as z from 'zod';
import { TenantId } from './tenant.ts';

/**
 * Who caused a change on a case: a citizen, a staff user, the system (routing, the
 * parent-resolution worker) or an integration key. Kept in its own module because
 * both the case (its closing result) and the timeline record it.
 */
export const Actor = z
  .object({
    kind: z.enum(['citizen', 'staff', 'system', 'integration']),
    id: z.string().optional(),
    tenantId: TenantId.optional(),
  })
  .strict();
export type Actor = z.infer<typeof Actor>;
