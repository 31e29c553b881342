import type { NotificationTemplate } from '@citydesk/domain';

/**
 * A tenant's notification template overrides. The tenant settings of the city
 * configuration (packages/domain/src/city-configuration.ts) will carry them; until
 * that is wired, every tenant uses the built-in defaults, which `resolveTemplate`
 * falls back to for any event, channel and language not overridden.
 */
export async function templatesFor(_tenantId: string | undefined): Promise<NotificationTemplate[]> {
  return [];
}
