import {
  CaseRepository,
  createDocumentClient,
  createPiiHasher,
  idempotencyTable,
  loadSecret,
  mainTable,
  requireEnv,
} from '@citydesk/data';
import { secrets } from '@citydesk/functions/manifest';

/** Rewrites every stored case with current index keys, through the real repository. */
export async function reindexStoredCases(): Promise<number> {
  const doc = createDocumentClient();
  try {
    const repository = new CaseRepository({
      doc,
      mainTableName: requireEnv(mainTable.envVar),
      idempotencyTableName: requireEnv(idempotencyTable.envVar),
      hashPhone: createPiiHasher(await loadSecret(secrets.piiHmacKey)),
    });
    return await repository.reindexAll();
  } finally {
    doc.destroy();
  }
}
