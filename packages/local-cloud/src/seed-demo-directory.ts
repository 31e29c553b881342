import { createDocumentClient, mainTable, requireEnv, StaffDirectoryRepository } from '@citydesk/data';
import { type Role, Role as RoleSchema } from '@citydesk/domain';
import type { DemoUser } from './seed-demo-users.ts';

/** Field crews of the demo tenants, so that cases can be assigned to a team as well as a person. */
const demoTeams: Record<string, { id: string; name: string; departmentCode: string }[]> = {
  'balikesir-bb': [
    { id: 'bb-fen-asfalt', name: 'Asfalt Ekibi (Büyükşehir)', departmentCode: 'FEN' },
    { id: 'bb-park-bakim', name: 'Park Bakım Ekibi (Büyükşehir)', departmentCode: 'PARK' },
  ],
  'balikesir-karesi': [
    { id: 'karesi-fen-1', name: 'Karesi Fen İşleri 1. Ekip', departmentCode: 'FEN' },
    { id: 'karesi-temizlik-1', name: 'Karesi Temizlik Ekibi', departmentCode: 'TEMIZLIK' },
  ],
  'balikesir-altieylul': [
    { id: 'altieylul-fen-1', name: 'Altıeylül Fen İşleri 1. Ekip', departmentCode: 'FEN' },
  ],
  baski: [
    { id: 'baski-ariza-1', name: 'BASKİ Arıza Ekibi 1', departmentCode: 'SU_ISLETME' },
    { id: 'baski-kanal-1', name: 'BASKİ Kanal Ekibi', departmentCode: 'ATIKSU' },
  ],
};

/**
 * Puts the demo users and teams into their tenants' staff directories, as their first
 * sign-in and the tenant administrator would. Idempotent: re-running rewrites the
 * same entries and keeps anyone's absence settings.
 */
export async function seedDemoDirectory(users: DemoUser[]): Promise<void> {
  const directory = new StaffDirectoryRepository(createDocumentClient(), requireEnv(mainTable.envVar));
  for (const user of users) {
    if (!user.userId) continue;
    await directory.recordSignIn(user.tenantId, {
      userId: user.userId,
      username: user.username,
      displayName: user.username,
      roles: user.groups.filter((g): g is Role => RoleSchema.safeParse(g).success),
    });
  }
  for (const [tenantId, teams] of Object.entries(demoTeams)) {
    for (const team of teams) await directory.putTeam(tenantId, team);
  }
}
