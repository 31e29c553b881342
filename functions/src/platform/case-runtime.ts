import {
  ApiKeyRepository,
  AuditRepository,
  CaseRepository,
  createDocumentClient,
  createPiiHasher,
  idempotencyTable,
  loadSecret,
  mainTable,
  requireEnv,
} from '@citydesk/data';
import { secrets } from '../manifest.ts';

/*
 * The case repository, created once per process as Powertools recommends: the SDK
 * client keeps its connections warm across invocations. The PII key is fetched on
 * the first write, so read-only functions need no access to it.
 */

let hasher: Promise<(value: string) => string> | undefined;
const doc = createDocumentClient();

export const auditRepository = new AuditRepository(doc, requireEnv(mainTable.envVar));
export const apiKeyRepository = new ApiKeyRepository(doc, requireEnv(mainTable.envVar));

export const caseRepository = new CaseRepository({
  doc,
  mainTableName: requireEnv(mainTable.envVar),
  idempotencyTableName: requireEnv(idempotencyTable.envVar),
  hashPhone: async (e164) => {
    hasher ??= loadSecret(secrets.piiHmacKey).then(createPiiHasher);
    return (await hasher)(e164);
  },
});
