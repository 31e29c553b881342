import { describe, expect, it } from 'vitest';
import { canOperate } from './authorization.ts';
import { PLATFORM_TENANT_ID, type Principal, Role } from './principal.ts';
import type { TenantType } from './tenant.ts';

/* Deployment-wide operations (the dead-letter queues): who may, and who may not. */

const TENANTS: Record<TenantType, string> = {
  metropolitan: 'balikesir-bb',
  district: 'karesi',
  utility: 'baski',
};

const user = (tenantType: TenantType, roles: Role[]): Principal => ({
  kind: 'user',
  userId: `u-${tenantType}-${roles.join('-')}`,
  tenantId: TENANTS[tenantType],
  tenantType,
  roles,
});

describe('canOperate: dead-letters.manage', () => {
  it('is granted to the platform operator and to the metropolitan administrators only', () => {
    const operator: Principal = {
      kind: 'user',
      userId: 'op-1',
      tenantId: PLATFORM_TENANT_ID,
      tenantType: 'platform',
      roles: ['platform'],
    };
    expect(canOperate(operator, 'dead-letters.manage')).toBe(true);
    for (const tenantType of Object.keys(TENANTS) as TenantType[]) {
      for (const role of Role.options) {
        const want = role === 'admin' && tenantType === 'metropolitan';
        expect(canOperate(user(tenantType, [role]), 'dead-letters.manage'), `${role} of ${tenantType}`).toBe(
          want,
        );
      }
    }
  });

  it('is never granted to an API key or to a stray platform group in a city', () => {
    const key: Principal = {
      ...user('metropolitan', ['admin']),
      kind: 'integration',
      scopes: ['dead-letters.manage'],
    };
    expect(canOperate(key, 'dead-letters.manage')).toBe(false);
    expect(canOperate(user('metropolitan', ['platform']), 'dead-letters.manage')).toBe(false);
    expect(canOperate(user('district', ['platform', 'admin']), 'dead-letters.manage')).toBe(false);
  });
});
