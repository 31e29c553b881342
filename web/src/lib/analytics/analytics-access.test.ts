import { describe, expect, it } from 'vitest';
import { canChooseTenant, canReadAnalytics, effectiveTenantId } from './analytics-access.ts';

describe('analytics access in the portal', () => {
  const metroManager = {
    roles: ['manager' as const],
    tenantType: 'metropolitan' as const,
    tenantId: 'balikesir-bb',
  };
  const districtManager = {
    roles: ['manager' as const],
    tenantType: 'district' as const,
    tenantId: 'karesi',
  };
  const metroSupervisor = {
    roles: ['supervisor' as const],
    tenantType: 'metropolitan' as const,
    tenantId: 'balikesir-bb',
  };

  it('opens the pages to managers, supervisors, coordinators and admins only', () => {
    expect(canReadAnalytics(metroManager)).toBe(true);
    expect(canReadAnalytics({ roles: ['admin'] })).toBe(true);
    expect(canReadAnalytics({ roles: ['agent'] })).toBe(false);
    expect(canReadAnalytics({ roles: ['staff', 'muhtar'] })).toBe(false);
  });

  it('lets metropolitan managers and coordinators choose the organisation, and pins everyone else', () => {
    expect(canChooseTenant(metroManager)).toBe(true);
    expect(canChooseTenant({ roles: ['coordinator'], tenantType: 'metropolitan' })).toBe(true);
    expect(canChooseTenant(districtManager)).toBe(false);
    expect(canChooseTenant(metroSupervisor)).toBe(false);
    expect(effectiveTenantId(metroManager, undefined)).toBeUndefined();
    expect(effectiveTenantId(metroManager, 'karesi')).toBe('karesi');
    expect(effectiveTenantId(districtManager, 'altieylul')).toBe('karesi');
    expect(effectiveTenantId(metroSupervisor, undefined)).toBe('balikesir-bb');
  });
});
