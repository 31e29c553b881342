import { readFileSync } from 'node:fs';
import { CityConfigurationRepository, createDocumentClient } from '@citydesk/data';
import { ConfigurationError, parseCityConfiguration } from '@citydesk/domain';

/*
 * Onboards a city on a fresh deployment, before any platform operator can sign in:
 *   MAIN_TABLE_NAME=citydesk-dev-main npm run city:import -- packages/domain/catalog/cities/balikesir.json
 * with AWS credentials in the environment (or AWS_ENDPOINT_URL for LocalStack). The
 * document is validated exactly as POST /v1/platform/cities validates it; a city that
 * already has a configuration is left alone (change it through the portal or the
 * platform API, which version and audit every change).
 */

async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  const table = process.env.MAIN_TABLE_NAME;
  if (!file || !table) {
    console.error('usage: MAIN_TABLE_NAME=<table> npm run city:import -- <city.json>');
    process.exit(2);
  }
  let config: ReturnType<typeof parseCityConfiguration>;
  try {
    config = parseCityConfiguration(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    if (err instanceof ConfigurationError)
      for (const i of err.issues) console.error(`${i.path}: ${i.message.en}`);
    else console.error((err as Error).message);
    process.exit(1);
  }
  const repository = new CityConfigurationRepository(createDocumentClient(), table);
  const current = await repository.currentVersion(config.city.id);
  if (current !== undefined) {
    console.log(`${config.city.id} is already onboarded (version ${current}); nothing imported`);
    return;
  }
  const info = await repository.publish({
    cityId: config.city.id,
    cityName: config.city.name,
    expectedVersion: undefined,
    document: config,
    tenantIds: config.tenants.map((t) => t.id),
    summary: `City onboarded from ${file}`,
    audit: {
      actor: { userId: 'system:city-import', tenantId: 'platform', roles: [] },
      action: 'city.onboard',
      tenantIds: config.tenants.map((t) => t.id),
      details: { cityId: config.city.id, file },
    },
  });
  console.log(
    `onboarded ${config.city.name} as version ${info.version} (${config.tenants.length} organisations)`,
  );
}

await main();
