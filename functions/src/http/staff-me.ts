import type { StaffProfile } from '@citydesk/domain';
import { staffDirectoryRepository } from '#platform/case-runtime.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { httpHandler, json } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';

/**
 * The signed-in staff member as the API sees them: the portal builds its navigation
 * from this. Every sign-in calls it, so it also keeps the person's entry in the
 * tenant's staff directory current (assignment pickers read it).
 */
export const handler = httpHandler(async (req) => {
  const p = await requirePrincipal(req);
  const runtime = await tenantCityRuntime(p.tenantId);
  const profile: StaffProfile = {
    userId: p.userId,
    ...(p.username ? { username: p.username } : {}),
    tenantId: p.tenantId,
    tenantName: runtime?.tenantsById.get(p.tenantId)?.name ?? p.tenantId,
    ...(runtime ? { cityId: runtime.cityId, cityName: runtime.config.city.name } : {}),
    tenantType: p.tenantType,
    roles: p.roles,
    ...(p.neighbourhood ? { neighbourhood: p.neighbourhood } : {}),
    ...(p.departmentCode ? { departmentCode: p.departmentCode } : {}),
  };
  if (p.kind === 'user') {
    await staffDirectoryRepository.recordSignIn(p.tenantId, {
      userId: p.userId,
      username: p.username ?? p.userId,
      displayName: p.username ?? p.userId,
      roles: p.roles,
      ...(p.departmentCode ? { departmentCode: p.departmentCode } : {}),
    });
  }
  return json(200, profile, req.lang);
});
