import type { StaffProfile } from '@citydesk/domain';
import { tenantsById } from '#platform/catalog-runtime.ts';
import { httpHandler, json } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';

/** The signed-in staff member as the API sees them: the portal builds its navigation from this. */
export const handler = httpHandler(async (req) => {
  const p = await requirePrincipal(req);
  const profile: StaffProfile = {
    userId: p.userId,
    ...(p.username ? { username: p.username } : {}),
    tenantId: p.tenantId,
    tenantName: tenantsById.get(p.tenantId)?.name ?? p.tenantId,
    tenantType: p.tenantType,
    roles: p.roles,
    ...(p.neighbourhood ? { neighbourhood: p.neighbourhood } : {}),
    ...(p.departmentCode ? { departmentCode: p.departmentCode } : {}),
  };
  return json(200, profile, req.lang);
});
