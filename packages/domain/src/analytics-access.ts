import { PLATFORM_TENANT_ID, type Principal, type Role } from './principal.ts';

/*
 * Who reads which analytics (docs/domain/analytics.md § Access). The dashboards show
 * counts, never a case or a citizen, so the rule is by organisation:
 * - managers, supervisors, coordinators and admins read their own tenant's figures;
 * - the metropolitan municipality's managers and coordinators (the coordination
 *   centre) read the whole city or any one tenant of it;
 * - the "Aylık Skor" people rows name staff: supervisors see only their own
 *   department's people (none when their account has no department), the others
 *   everyone in the scope they read.
 * Agents, staff, muhtars and API keys read no analytics.
 */

/** Roles that read analytics at all. */
export const ANALYTICS_ROLES: readonly Role[] = ['manager', 'supervisor', 'coordinator', 'admin'];
/** Roles that, in the metropolitan municipality, read the whole city. */
const CITY_ROLES: readonly Role[] = ['manager', 'coordinator'];

export type AnalyticsAccess =
  | {
      allowed: true;
      /** The tenant read; undefined for the whole city. */
      tenantId: string | undefined;
      /**
       * People rows: `all` in the scope read, `department` only that department's,
       * `none` at all.
       */
      people: { kind: 'all' } | { kind: 'department'; departmentCode: string } | { kind: 'none' };
    }
  | { allowed: false };

const has = (p: Principal, roles: readonly Role[]) =>
  p.kind === 'user' && p.roles.some((r) => roles.includes(r));

/**
 * What `principal` may read when asking for `requestedTenantId` (undefined: the whole
 * city, or their own tenant for those pinned to it). Whether the tenant belongs to
 * the principal's city the caller checks against the city's configuration.
 */
export function analyticsAccess(
  principal: Principal,
  requestedTenantId: string | undefined,
): AnalyticsAccess {
  if (principal.tenantId === PLATFORM_TENANT_ID || !has(principal, ANALYTICS_ROLES))
    return { allowed: false };
  const cityWide = principal.tenantType === 'metropolitan' && has(principal, CITY_ROLES);
  if (requestedTenantId !== undefined && requestedTenantId !== principal.tenantId && !cityWide)
    return { allowed: false };
  const tenantId = requestedTenantId ?? (cityWide ? undefined : principal.tenantId);
  const seesEveryone = has(principal, ['manager', 'coordinator', 'admin']);
  const people: Extract<AnalyticsAccess, { allowed: true }>['people'] = seesEveryone
    ? { kind: 'all' }
    : principal.departmentCode
      ? { kind: 'department', departmentCode: principal.departmentCode }
      : { kind: 'none' };
  return { allowed: true, tenantId, people };
}

/**
 * May `principal` run the aggregate verification (recompute and report drift)? The
 * metropolitan municipality's admins for their city, platform operators for any.
 */
export function canVerifyAnalytics(principal: Principal): 'own-city' | 'any-city' | false {
  if (principal.kind !== 'user') return false;
  if (principal.tenantId === PLATFORM_TENANT_ID && principal.roles.includes('platform')) return 'any-city';
  if (principal.tenantType === 'metropolitan' && principal.roles.includes('admin')) return 'own-city';
  return false;
}
