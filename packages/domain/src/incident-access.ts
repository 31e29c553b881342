import { type Principal, type Role, rolesForTenant } from './principal.ts';

/*
 * Who may declare, change and end incidents, and who may read them. Kept as data like
 * the rule tables of authorization.ts: an incident is a tenant-level act, not an
 * action on one case, and reading is city-wide (a district's call centre answers the
 * water utility's outage calls too).
 */

/**
 * Declare, update and end: the owning tenant's supervisors and managers; the
 * metropolitan coordination centre (ŞKM) for any tenant of the city.
 */
export const INCIDENT_MANAGERS: Readonly<Partial<Record<Role, 'own' | 'city'>>> = {
  supervisor: 'own',
  manager: 'own',
  coordinator: 'city',
};

/** Everyone who works or follows cases reads the city's incidents; administrators and machines do not. */
export const INCIDENT_READERS: readonly Role[] = [
  'agent',
  'coordinator',
  'staff',
  'supervisor',
  'manager',
  'muhtar',
];

/** May the principal declare, change or end an incident of `tenantId` (a tenant of the principal's city)? */
export function canManageIncident(principal: Principal, tenantId: string): boolean {
  if (principal.kind !== 'user') return false;
  return rolesForTenant(principal.tenantId, principal.roles).some((role) => {
    const reach = INCIDENT_MANAGERS[role];
    if (reach === 'city' && principal.tenantType === 'metropolitan') return true;
    return reach !== undefined && principal.tenantId === tenantId;
  });
}

/** May the principal read the incidents of their city (banner, list)? */
export function canReadIncidents(principal: Principal): boolean {
  if (principal.kind !== 'user') return false;
  return rolesForTenant(principal.tenantId, principal.roles).some((role) => INCIDENT_READERS.includes(role));
}
