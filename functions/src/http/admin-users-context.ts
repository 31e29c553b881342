import { CognitoUserAccounts, createCognitoClient, requireEnv, type UserAccount } from '@citydesk/data';
import {
  canManageUser,
  canOnTenant,
  foldTurkish,
  type ManagedUser,
  PLATFORM_TENANT_ID,
  type Principal,
  Role,
  type UserAccountState,
  Username,
  type ValidationMessageKey,
  validationMessages,
} from '@citydesk/domain';
import { userDirectoryRepository } from '#platform/case-runtime.ts';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { identityEnvironment } from '../manifest.ts';

/*
 * What the user-administration handlers share: the Cognito accounts, the tenant
 * checks, and the rule that an account is looked up in Cognito (whose tenant
 * attribute is immutable) before anyone acts on it, so an administrator can never
 * touch another tenant's user even if the directory were wrong.
 */

// Created once per process: the SDK client keeps its connections warm.
export const userAccounts = new CognitoUserAccounts(
  createCognitoClient(),
  requireEnv(identityEnvironment.userPoolId),
);

/**
 * Does this tenant exist? The one call site of the city configuration for user
 * administration, so it follows wherever tenants come to be kept.
 */
export async function tenantExists(tenantId: string): Promise<boolean> {
  return (await tenantCityRuntime(tenantId)) !== undefined;
}

/** The tenant's departments and (for muhtars) neighbourhoods, by folded code, name and spelling. */
export async function tenantReference(tenantId: string): Promise<{
  departments: Map<string, string>;
  neighbourhoods: Map<string, string>;
}> {
  const runtime = await tenantCityRuntime(tenantId);
  const departments = new Map<string, string>();
  for (const d of runtime?.catalog.departments ?? []) {
    departments.set(foldTurkish(d.code), d.code);
    departments.set(foldTurkish(d.name.tr), d.code);
    departments.set(foldTurkish(d.name.en), d.code);
  }
  const neighbourhoods = new Map(
    (runtime?.catalog.neighbourhoods ?? [])
      .filter((n) => n.districtTenantId === tenantId)
      .map((n) => [foldTurkish(n.name), n.name]),
  );
  return { departments, neighbourhoods };
}

/** Does the principal administer users at all (a tenant's admins, platform operators)? Else 403. */
export function requireUserAdministrator(principal: Principal): void {
  const administers =
    canOnTenant(principal, 'user.manage', principal.tenantId) ||
    canOnTenant(principal, 'tenant-admin.manage', principal.tenantId);
  if (!administers) {
    throw new ProblemError('forbidden', {
      tr: 'Kullanıcıları yalnızca kurum yöneticileri ve platform operatörleri yönetebilir.',
      en: 'Only administrators and platform operators may manage users.',
    });
  }
}

export const fieldProblem = (path: string, key: ValidationMessageKey) =>
  new ProblemError(
    'validation-failed',
    {
      tr: 'Bazı alanlar hatalı; ayrıntılar errors listesinde.',
      en: 'Some fields are invalid; see the errors list.',
    },
    [{ path, message: validationMessages[key] }],
  );

/**
 * The tenant a list, invitation or import is for: the caller's own unless they name
 * another, which only a platform operator may (for the tenant's administrators).
 */
export async function targetTenant(principal: Principal, requested: string | undefined): Promise<string> {
  const tenantId = requested ?? principal.tenantId;
  if (tenantId === principal.tenantId) return tenantId;
  if (!canOnTenant(principal, 'tenant-admin.manage', tenantId)) {
    throw new ProblemError('forbidden', {
      tr: 'Yalnızca kendi kurumunuzun kullanıcılarını yönetebilirsiniz.',
      en: "You may manage your own organisation's users only.",
    });
  }
  if (tenantId === PLATFORM_TENANT_ID || !(await tenantExists(tenantId)))
    throw fieldProblem('tenantId', 'user.unknown-tenant');
  return tenantId;
}

/** The roles an account's groups give (unknown groups ignored), in the enum's order. */
export const rolesOf = (account: UserAccount): Role[] =>
  Role.options.filter((role) => account.groups.includes(role));

export function accountState(account: UserAccount): UserAccountState {
  if (!account.enabled) return 'disabled';
  return account.status === 'FORCE_CHANGE_PASSWORD' || account.status === 'RESET_REQUIRED'
    ? 'invited'
    : 'active';
}

/** An account as the administration screens show it. */
export function managedUser(account: UserAccount & { tenantId: string }): ManagedUser {
  return {
    userId: account.userId,
    username: account.username,
    tenantId: account.tenantId,
    displayName: account.displayName ?? account.username,
    roles: rolesOf(account),
    state: accountState(account),
    ...(account.email ? { email: account.email } : {}),
    ...(account.departmentCode ? { departmentCode: account.departmentCode } : {}),
    ...(account.neighbourhood ? { neighbourhood: account.neighbourhood } : {}),
    ...(account.createdAt ? { createdAt: account.createdAt } : {}),
    ...(account.updatedAt ? { updatedAt: account.updatedAt } : {}),
  };
}

/** Writes the account, as Cognito now holds it, into its tenant's directory. */
export async function recordInDirectory(user: ManagedUser): Promise<void> {
  await userDirectoryRepository.put(user.tenantId, {
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    state: user.state,
    ...(user.email ? { email: user.email } : {}),
    ...(user.departmentCode ? { departmentCode: user.departmentCode } : {}),
    ...(user.neighbourhood ? { neighbourhood: user.neighbourhood } : {}),
  });
}

const userNotFound = () =>
  new ProblemError('user-not-found', {
    tr: 'Yönetebileceğiniz bu adda bir kullanıcı yok.',
    en: 'There is no user by this name that you may manage.',
  });

/**
 * The account an administrator acts on, by username, from Cognito. Another tenant's
 * user (or one the caller may not manage, such as a tenant's staff for a platform
 * operator) is answered exactly like a username that does not exist: 404.
 */
export async function loadManagedAccount(
  principal: Principal,
  rawUsername: string | undefined,
): Promise<UserAccount & { tenantId: string }> {
  const parsed = Username.safeParse(rawUsername);
  if (!parsed.success) throw userNotFound();
  const account = await userAccounts.get(parsed.data);
  if (!account?.tenantId) throw userNotFound();
  const target = { ...account, tenantId: account.tenantId };
  if (!canManageUser(principal, { tenantId: target.tenantId, roles: rolesOf(target) })) throw userNotFound();
  return target;
}
