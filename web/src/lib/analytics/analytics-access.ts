import type { Role, StaffProfile } from '@citydesk/domain';

/*
 * Who sees the analytics pages, as the interface needs to know it (the API decides
 * for itself on every call, docs/domain/analytics.md): managers, supervisors,
 * coordinators and admins. Metropolitan managers and coordinators look at the whole
 * city or any organisation; everyone else at their own organisation only.
 */

export const ANALYTICS_ROLES: readonly Role[] = ['manager', 'supervisor', 'coordinator', 'admin'];

export function canReadAnalytics(profile: Pick<StaffProfile, 'roles'>): boolean {
  return profile.roles.some((role) => ANALYTICS_ROLES.includes(role));
}

export function canChooseTenant(profile: Pick<StaffProfile, 'roles' | 'tenantType'>): boolean {
  return (
    profile.tenantType === 'metropolitan' &&
    profile.roles.some((role) => role === 'manager' || role === 'coordinator')
  );
}

/**
 * The tenant a view reads: what was asked for when the user may choose (nothing for
 * the whole city), else always their own organisation.
 */
export function effectiveTenantId(
  profile: Pick<StaffProfile, 'roles' | 'tenantType' | 'tenantId'>,
  asked: string | undefined,
): string | undefined {
  return canChooseTenant(profile) ? asked : profile.tenantId;
}
