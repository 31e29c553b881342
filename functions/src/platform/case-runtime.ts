import {
  ApiKeyRepository,
  AuditRepository,
  caseRepositoryFromEnvironment,
  createDocumentClient,
  mainTable,
  requireEnv,
  StaffDirectoryRepository,
  UserDirectoryRepository,
} from '@citydesk/data';
import { secrets } from '../manifest.ts';

/*
 * Repositories, created once per process as Powertools recommends: the SDK client
 * keeps its connections warm across invocations.
 */

const doc = createDocumentClient();

export const caseRepository = caseRepositoryFromEnvironment(secrets.piiHmacKey, doc);
export const auditRepository = new AuditRepository(doc, requireEnv(mainTable.envVar));
export const apiKeyRepository = new ApiKeyRepository(doc, requireEnv(mainTable.envVar));
export const staffDirectoryRepository = new StaffDirectoryRepository(doc, requireEnv(mainTable.envVar));
/** The same directory entries, as user administration keeps them (e-mail, account state). */
export const userDirectoryRepository = new UserDirectoryRepository(doc, requireEnv(mainTable.envVar));
