import type { WorkTypeOverrideInput } from '@citydesk/domain';
import { demoCityConfiguration } from '@citydesk/domain/demo-city';
import { expect } from 'vitest';
import { apiUrl, getJson } from './api-client.ts';

const as = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Sets one work type's override in a tenant's settings (as the platform operator's
 * token), keeping every other override as it is now; `'demo'` puts back the demo
 * city's. Suites share the local cloud, so each changes only the work types it owns.
 */
export async function replaceWorkTypeOverride(
  token: string,
  tenantId: string,
  workTypeCode: string,
  override: Omit<WorkTypeOverrideInput, 'workTypeCode'> | 'demo',
): Promise<void> {
  const path = `/v1/admin/tenants/${tenantId}/settings`;
  const current = await getJson(path, as(token));
  expect(current.status).toBe(200);
  const overrides = (current.json.settings as { workTypeOverrides?: WorkTypeOverrideInput[] })
    .workTypeOverrides;
  const others = (overrides ?? []).filter((o) => o.workTypeCode !== workTypeCode);
  const mine =
    override === 'demo'
      ? (demoCityConfiguration()
          .tenants.find((t) => t.id === tenantId)
          ?.settings.workTypeOverrides?.filter((o) => o.workTypeCode === workTypeCode) ?? [])
      : [{ ...override, workTypeCode }];
  const saved = await fetch(apiUrl(`${path}/workTypeOverrides`), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...as(token) },
    body: JSON.stringify({ expectedVersion: current.json.version, value: [...others, ...mine] }),
  });
  expect(saved.status, await saved.clone().text()).toBe(200);
}
