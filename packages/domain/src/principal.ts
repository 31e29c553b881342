import * as z from 'zod';
import { TenantId, type TenantType } from './tenant.ts';

/**
 * Staff roles (Cognito groups), `platform` for the platform operator (above tenants:
 * onboards cities and tenants and their first administrators), plus `integration`
 * for API-key clients.
 */
export const Role = z.enum([
  'agent',
  'coordinator',
  'staff',
  'supervisor',
  'manager',
  'admin',
  'muhtar',
  'platform',
  'integration',
]);
export type Role = z.infer<typeof Role>;

/**
 * The reserved `custom:tenant_id` of platform operators. It names no organisation of
 * any city: tenant onboarding must refuse it as a tenant id, so a platform operator
 * can never be mistaken for the staff of a municipality (or the reverse).
 */
export const PLATFORM_TENANT_ID = 'platform';

/** A principal's kind of organisation: one of a city's, or the platform operator's. */
export type PrincipalTenantType = TenantType | 'platform';

/**
 * The roles that count for a user of this tenant: the platform role only in the
 * platform tenant, and nothing else there; in a city's tenant every role but
 * `platform` (and never `integration`, which only API keys act as). A stray group
 * therefore grants nothing, whoever put it on the account.
 */
export function rolesForTenant(tenantId: string, roles: readonly Role[]): Role[] {
  if (tenantId === PLATFORM_TENANT_ID) return roles.filter((r) => r === 'platform');
  return roles.filter((r) => r !== 'platform' && r !== 'integration');
}

/** Who is calling, resolved once per request from verified token claims or an API key. */
export interface Principal {
  kind: 'user' | 'integration';
  /** Cognito `sub`, or the API key id. */
  userId: string;
  username?: string;
  tenantId: string;
  tenantType: PrincipalTenantType;
  roles: Role[];
  /** Muhtars only: the neighbourhood they represent. */
  neighbourhood?: string;
  /** Set when the user works one department's queue only. */
  departmentCode?: string;
  /** Integration principals: the operations their key is scoped to. */
  scopes?: string[];
}

/**
 * API Gateway's HTTP API JWT authorizer hands claims to the integration as strings;
 * array claims such as `cognito:groups` arrive as `[agent staff]`. Accepts that form,
 * a JSON array string, a plain string or a real array.
 */
export function parseClaimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value.trim() === '') return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: API Gateway's space-separated bracket form.
    }
    return trimmed
      .slice(1, -1)
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return trimmed.split(/[\s,]+/).filter(Boolean);
}

/**
 * Builds a user principal from verified ID-token claims. Tenant and neighbourhood come
 * only from the immutable custom attributes; roles only from Cognito groups (which
 * users cannot change). Returns undefined when the claims do not describe a staff user
 * of a known tenant: the caller answers 401/403. The platform operator's reserved
 * tenant ({@link PLATFORM_TENANT_ID}) needs no catalogue entry.
 */
export function principalFromClaims(
  claims: Record<string, unknown>,
  tenantTypeOf: (tenantId: string) => TenantType | undefined,
): Principal | undefined {
  const userId = typeof claims.sub === 'string' ? claims.sub : undefined;
  const tenant = TenantId.safeParse(claims['custom:tenant_id']);
  if (!userId || !tenant.success) return undefined;
  const tenantType: PrincipalTenantType | undefined =
    tenant.data === PLATFORM_TENANT_ID ? 'platform' : tenantTypeOf(tenant.data);
  if (!tenantType) return undefined;
  const groups = parseClaimList(claims['cognito:groups']).flatMap((g) => {
    const role = Role.safeParse(g);
    return role.success ? [role.data] : [];
  });
  const roles = rolesForTenant(tenant.data, groups);
  const username = claims['cognito:username'] ?? claims.username;
  const neighbourhood = claims['custom:neighbourhood'];
  const department = claims['custom:department'];
  return {
    kind: 'user',
    userId,
    ...(typeof username === 'string' ? { username } : {}),
    tenantId: tenant.data,
    tenantType,
    roles,
    ...(typeof neighbourhood === 'string' && neighbourhood ? { neighbourhood } : {}),
    ...(typeof department === 'string' && department ? { departmentCode: department } : {}),
  };
}
