import {
  createDocumentClient,
  mainTable,
  requireEnv,
  StaffDirectoryRepository,
  UserDirectoryRepository,
} from '@citydesk/data';
import { type Role, Role as RoleSchema } from '@citydesk/domain';
import type { DemoUser } from './seed-demo-users.ts';

/**
 * Puts the demo users into their tenants' staff directories, as their first sign-in
 * would (their teams and deputies are tenant settings in the demo city's
 * configuration). Idempotent: re-running rewrites the same entries and keeps
 * anyone's absence settings.
 */
export async function seedDemoDirectory(users: DemoUser[]): Promise<void> {
  const doc = createDocumentClient();
  const directory = new StaffDirectoryRepository(doc, requireEnv(mainTable.envVar));
  const accounts = new UserDirectoryRepository(doc, requireEnv(mainTable.envVar));
  for (const user of users) {
    if (!user.userId) continue;
    await directory.recordSignIn(user.tenantId, {
      userId: user.userId,
      username: user.username,
      displayName: user.username,
      roles: user.groups.filter((g): g is Role => RoleSchema.safeParse(g).success),
    });
    // The account's phone (the muhtar's SMS go there): local tokens do not carry it.
    if (user.phone) await accounts.setContactPhone(user.tenantId, user.userId, user.phone);
  }
}
