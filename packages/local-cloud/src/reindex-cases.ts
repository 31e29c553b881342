import { caseRepositoryFromEnvironment, createDocumentClient } from '@citydesk/data';
import { secrets } from '@citydesk/functions/manifest';

/** Rewrites every stored case with current index keys, through the real repository. */
export async function reindexStoredCases(): Promise<number> {
  const doc = createDocumentClient();
  try {
    return await caseRepositoryFromEnvironment(secrets.piiHmacKey, doc).reindexAll();
  } finally {
    doc.destroy();
  }
}
