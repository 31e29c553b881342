import { CityConfigurationRepository, createDocumentClient, mainTable, requireEnv } from '@citydesk/data';
import { demoCityConfiguration } from '@citydesk/domain/demo-city';

/*
 * Onboards the Balıkesir demo city, exactly as a platform operator importing its
 * configuration file would (packages/domain/catalog/cities/balikesir.json). Only
 * once: a city that already has a configuration keeps it, with every change its
 * admins made. Örnekkent is left for the operator to onboard (its file sits next to
 * Balıkesir's).
 */
export async function seedDemoCity(log: (line: string) => void = () => {}): Promise<void> {
  const repository = new CityConfigurationRepository(createDocumentClient(), requireEnv(mainTable.envVar));
  const config = demoCityConfiguration('balikesir');
  if ((await repository.currentVersion(config.city.id)) !== undefined) return;
  await repository.publish({
    cityId: config.city.id,
    cityName: config.city.name,
    expectedVersion: undefined,
    document: config,
    tenantIds: config.tenants.map((t) => t.id),
    summary: 'Demo city onboarded from balikesir.json',
    audit: {
      actor: { userId: 'system:demo-seed', tenantId: config.tenants[0]?.id ?? config.city.id, roles: [] },
      action: 'city.onboard',
      tenantIds: config.tenants.map((t) => t.id),
      details: { cityId: config.city.id, source: 'demo seed' },
    },
  });
  log(`onboarded demo city ${config.city.name} (${config.tenants.length} tenants)`);
}
