import type { PublicCatalog } from '@citydesk/domain';
import { fetchPublicCatalog } from '#lib/api/public-api.ts';

const pending = new Map<string, Promise<PublicCatalog>>();

/**
 * A city's public catalogue (the deployment's default city without `cityId`; staff
 * pages pass their own city), fetched once per page load. A failed fetch is forgotten
 * so that the "try again" button really tries again.
 */
export function loadPublicCatalog(cityId?: string): Promise<PublicCatalog> {
  const key = cityId ?? '';
  let request = pending.get(key);
  if (!request) {
    request = fetchPublicCatalog(cityId).catch((error: unknown) => {
      pending.delete(key);
      throw error;
    });
    pending.set(key, request);
  }
  return request;
}
