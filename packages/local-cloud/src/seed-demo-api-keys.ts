import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ApiKeyRepository,
  CityConfigurationRepository,
  createDocumentClient,
  mainTable,
  requireEnv,
} from '@citydesk/data';
import type { CityConfiguration } from '@citydesk/domain';

/*
 * A demo integration key per tenant of every onboarded city, so an Open311 client
 * (FixMyStreet, a district's call-centre software) can be pointed at the local cloud
 * at once: .data/endpoints.json lists each tenant's jurisdiction_id with its key. A
 * key's secret is shown only when issued, so the keys are kept in .data/ (like the
 * local secrets) and reused while they still verify; a revoked or lost one is
 * replaced. Without a data directory (tests) they live for one run.
 */

/** The scopes of a demo key: file requests, read them, post updates. */
export const DEMO_API_KEY_SCOPES = ['case.create', 'case.read', 'case.comment'];

/** One Open311 jurisdiction of the local cloud. */
export interface DemoJurisdiction {
  tenantId: string;
  name: string;
  jurisdictionId: string;
  /** An integration key of the tenant with {@link DEMO_API_KEY_SCOPES}. */
  apiKey: string;
}

export async function seedDemoApiKeys(dataDir: string | undefined): Promise<DemoJurisdiction[]> {
  const doc = createDocumentClient();
  const table = requireEnv(mainTable.envVar);
  const keys = new ApiKeyRepository(doc, table);
  const configurations = new CityConfigurationRepository(doc, table);
  const file = dataDir ? join(dataDir, 'secrets', 'demo-api-keys.json') : undefined;
  let kept: Record<string, string> = {};
  if (file) {
    try {
      kept = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch {
      kept = {};
    }
  }
  const jurisdictions: DemoJurisdiction[] = [];
  for (const city of await configurations.listCities()) {
    const stored = await configurations.get<CityConfiguration>(city.cityId, city.currentVersion);
    for (const tenant of stored?.document.tenants ?? []) {
      const existing = kept[tenant.id];
      const valid = existing ? await keys.verify(existing) : undefined;
      const apiKey =
        valid && valid.tenantId === tenant.id
          ? (existing as string)
          : (
              await keys.issue({
                tenantId: tenant.id,
                name: 'Demo Open311 / entegrasyon istemcisi',
                scopes: DEMO_API_KEY_SCOPES,
                createdBy: 'system:demo-seed',
              })
            ).key;
      kept[tenant.id] = apiKey;
      jurisdictions.push({
        tenantId: tenant.id,
        name: tenant.name,
        jurisdictionId: tenant.jurisdictionId,
        apiKey,
      });
    }
  }
  if (file) {
    await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
    await writeFile(file, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  }
  return jurisdictions;
}
