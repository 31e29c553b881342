import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { PLATFORM_TENANT_ID } from '@citydesk/domain';
import { demoCityCatalog } from '@citydesk/domain/demo-city';
import { userPool } from '@citydesk/functions/manifest';

/*
 * Demo logins for the Balıkesir demo city: one user per role in the metropolitan
 * municipality, the unit roles in two districts and in BASKİ (the water utility),
 * a muhtar of a Karesi neighbourhood, and the platform operator (above the city's
 * tenants, in the reserved platform tenant). The tenant (and the muhtar's
 * neighbourhood) are immutable attributes set at creation, as an administrator
 * would on AWS. Seeding is idempotent: existing users are kept, their password and
 * group are re-asserted.
 */

/** A seeded login, as printed by `npm start` and written to .data/endpoints.json. */
export interface DemoUser {
  username: string;
  password: string;
  groups: string[];
  tenantId: string;
  neighbourhood?: string;
  /** E.164 (Cognito `phone_number`): the muhtar's stage-change SMS go there (muhtar-channel.md). */
  phone?: string;
  /** Cognito `sub`, known once the user exists in the pool. */
  userId?: string;
}

/**
 * Shared demo password. It satisfies the manifest's policy (12+ characters, upper,
 * lower, digits); it is printed on the console, so it protects nothing but typos.
 */
export const demoPassword = 'KentMasasi2026';

const metroTenantId = 'balikesir-bb';
const unitRoles = ['staff', 'supervisor', 'manager', 'admin'];
const unitTenants: { tenantId: string; login: string }[] = [
  { tenantId: 'balikesir-karesi', login: 'karesi' },
  { tenantId: 'balikesir-altieylul', login: 'altieylul' },
  { tenantId: 'baski', login: 'baski' },
];

/** The demo users derived from the manifest's groups and the demo-city catalogue. */
export function demoUsers(): DemoUser[] {
  const catalog = demoCityCatalog();
  const tenantIds = new Set(catalog.tenants.map((t) => t.id));
  for (const id of [metroTenantId, ...unitTenants.map((t) => t.tenantId)]) {
    if (!tenantIds.has(id)) throw new Error(`demo tenant ${id} is missing from the demo-city catalogue`);
  }
  const users: DemoUser[] = [];
  // A muhtar heads a neighbourhood, so the metropolitan tenant gets every role but
  // that one; the muhtar login below belongs to a real Karesi neighbourhood. The
  // platform role belongs to no city: its login is below too.
  for (const group of userPool.groups) {
    if (group.name === 'muhtar' || group.name === 'platform') continue;
    users.push({
      username: `metro.${group.name}`,
      password: demoPassword,
      groups: [group.name],
      tenantId: metroTenantId,
    });
  }
  for (const { tenantId, login } of unitTenants) {
    for (const role of unitRoles) {
      users.push({ username: `${login}.${role}`, password: demoPassword, groups: [role], tenantId });
    }
  }
  const neighbourhood = catalog.neighbourhoods.find((n) => n.districtTenantId === 'balikesir-karesi');
  if (!neighbourhood) throw new Error('the demo-city catalogue lists no Karesi neighbourhood for the muhtar');
  users.push({
    username: 'karesi.muhtar',
    password: demoPassword,
    groups: ['muhtar'],
    tenantId: 'balikesir-karesi',
    neighbourhood: neighbourhood.name,
    // A reserved-looking demo number: it only ever reaches the dev outbox.
    phone: '+905550000101',
  });
  users.push({
    username: 'platform.operator',
    password: demoPassword,
    groups: ['platform'],
    tenantId: PLATFORM_TENANT_ID,
  });
  const known = new Set(userPool.groups.map((g) => g.name));
  for (const user of users) {
    for (const group of user.groups) {
      if (!known.has(group)) throw new Error(`demo user ${user.username} uses unknown group ${group}`);
    }
  }
  return users;
}

/** Creates the demo users in the pool (or re-asserts password and groups of existing ones). */
export async function seedDemoUsers(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  users: DemoUser[] = demoUsers(),
): Promise<DemoUser[]> {
  const seeded: DemoUser[] = [];
  for (const user of users) {
    let exists = true;
    try {
      await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.username }));
    } catch (error) {
      if (!(error instanceof UserNotFoundException) && (error as Error).name !== 'UserNotFoundException')
        throw error;
      exists = false;
    }
    if (!exists) {
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.username,
          MessageAction: 'SUPPRESS',
          TemporaryPassword: user.password,
          UserAttributes: [
            { Name: 'email', Value: `${user.username}@demo.kentmasasi.invalid` },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'custom:tenant_id', Value: user.tenantId },
            ...(user.neighbourhood ? [{ Name: 'custom:neighbourhood', Value: user.neighbourhood }] : []),
            ...(user.phone
              ? [
                  { Name: 'phone_number', Value: user.phone },
                  { Name: 'phone_number_verified', Value: 'true' },
                ]
              : []),
          ],
        }),
      );
    }
    // Permanent, so the first login is not a NEW_PASSWORD_REQUIRED challenge.
    await cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        Password: user.password,
        Permanent: true,
      }),
    );
    for (const group of user.groups) {
      await cognito.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.username, GroupName: group }),
      );
    }
    const stored = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.username }),
    );
    const sub = stored.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
    seeded.push({ ...user, ...(sub ? { userId: sub } : {}) });
  }
  return seeded;
}
