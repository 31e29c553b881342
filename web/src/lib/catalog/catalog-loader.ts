import type { PublicCatalog } from '@citydesk/domain';
import { fetchPublicCatalog } from '#lib/api/public-api.ts';

let pending: Promise<PublicCatalog> | undefined;

/**
 * The public catalogue, fetched once per page load. A failed fetch is forgotten so
 * that the "try again" button really tries again.
 */
export function loadPublicCatalog(): Promise<PublicCatalog> {
  pending ??= fetchPublicCatalog().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}
