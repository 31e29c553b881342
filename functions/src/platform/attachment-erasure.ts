import { attachmentKey, attachmentStoreFromEnvironment } from '@citydesk/data';
import type { Case } from '@citydesk/domain';
import { attachmentsBucket } from '../manifest.ts';

const store = attachmentStoreFromEnvironment(attachmentsBucket.envVar);

/**
 * Deletes the stored files of a case being erased (KVKK m.11 or retention). The
 * bucket is versioned, so the bytes remain as a noncurrent version until the
 * lifecycle rule expires it (30 days): the erasure is complete when that window
 * has passed, as docs/security.md states. Deleting a missing object succeeds, so a
 * retried erasure is harmless.
 */
export async function deleteCaseFiles(c: Case): Promise<number> {
  let deleted = 0;
  for (const a of c.attachments) {
    if (!('id' in a)) continue; // metadata-only items from before uploads existed: no object
    await store.delete(attachmentKey(a.storageTenantId, c.id, a.id));
    deleted++;
  }
  return deleted;
}
