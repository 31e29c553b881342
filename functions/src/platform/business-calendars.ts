import { type BusinessCalendar, defaultCalendar } from '@citydesk/domain';

/*
 * Where a tenant's business calendar comes from. Until tenant settings exist (tenant
 * administration), every tenant works the default municipal calendar: Mon–Fri
 * 08:30–17:30, Turkish public holidays, half-day afternoons off. Callers already ask
 * per tenant, so per-tenant settings change this module only.
 */

/**
 * The business calendar of a tenant; without one (a case not yet routed) the city's
 * metropolitan call centre's, which is the default calendar too.
 */
export function calendarFor(_tenantId?: string): BusinessCalendar {
  return defaultCalendar;
}
