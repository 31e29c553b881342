import type { NotificationTemplate } from '@citydesk/domain';
import { tenantCityRuntime } from './city-runtime.ts';

/**
 * A tenant's notification template overrides, from its settings in the city
 * configuration (tenant administration). `resolveTemplate` falls back to the
 * built-in defaults for any event, channel and language not overridden.
 */
export async function templatesFor(tenantId: string | undefined): Promise<NotificationTemplate[]> {
  if (!tenantId) return [];
  const runtime = await tenantCityRuntime(tenantId);
  return (runtime?.settingsOf(tenantId)?.notificationTemplates ?? []).map((t) => ({ ...t, tenantId }));
}
