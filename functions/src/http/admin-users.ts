import { UserAccountExistsError } from '@citydesk/data';
import {
  canManageUser,
  foldTurkish,
  generateTemporaryPassword,
  type ManagedUserList,
  type PasswordResetIssued,
  type Principal,
  type Role,
  UserInvitation,
  type UserInvited,
  UserListQuery,
  UserUpdate,
} from '@citydesk/domain';
import { audit } from '#platform/case-access.ts';
import { userDirectoryRepository } from '#platform/case-runtime.ts';
import { type HttpRequest, httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { userPool } from '../manifest.ts';
import {
  fieldProblem,
  loadManagedAccount,
  managedUser,
  recordInDirectory,
  requireUserAdministrator,
  rolesOf,
  targetTenant,
  tenantReference,
  userAccounts,
} from './admin-users-context.ts';

/*
 * User administration: list, invite, change (roles, department, display name),
 * disable, enable and reset, through the Cognito admin API. One module serves the
 * six routes (one Lambda each on AWS, per the manifest). A tenant's administrators
 * manage their own tenant's users; platform operators manage each other and every
 * tenant's administrators (authorization.ts, `canManageUser`). Every change is
 * audited, and the tenant's directory entry is rewritten from Cognito's answer.
 */

/** The roles that make someone an administrator of users; nobody may take them from themself. */
const ADMINISTERING: readonly Role[] = ['admin', 'platform'];

const cannotLockOut = () =>
  new ProblemError('business-rule-violated', {
    tr: 'Kendi hesabınızı devre dışı bırakamaz, yöneticilik rolünüzü kendinizden alamazsınız; başka bir yönetici yapabilir.',
    en: 'You cannot disable your own account or remove your own administrator role; another administrator can.',
  });

async function listUsers(req: HttpRequest, principal: Principal) {
  const query = validate(UserListQuery, req.event.queryStringParameters ?? {});
  const tenantId = await targetTenant(principal, query.tenantId);
  const page = await userDirectoryRepository.list(tenantId, {
    limit: query.limit,
    ...(query.q ? { q: query.q } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    // A platform operator sees the tenant's administrators, whom they may manage; not its staff.
    visible: (user) => canManageUser(principal, { tenantId, roles: user.roles }),
  });
  const body: ManagedUserList = { tenantId, ...page };
  return json(200, body, req.lang);
}

/** Department and neighbourhood checks shared by invitation and change. */
async function checkReferences(
  tenantId: string,
  change: { roles: readonly Role[]; departmentCode?: string | null; neighbourhood?: string | undefined },
  existingNeighbourhood?: string,
): Promise<string | undefined> {
  const reference = await tenantReference(tenantId);
  if (
    change.departmentCode &&
    reference.departments.get(foldTurkish(change.departmentCode)) !== change.departmentCode
  )
    throw fieldProblem('departmentCode', 'user.unknown-department');
  const muhtar = change.roles.includes('muhtar');
  if (change.neighbourhood !== undefined) {
    if (!muhtar) throw fieldProblem('neighbourhood', 'user.neighbourhood-only-muhtar');
    const spelled = reference.neighbourhoods.get(foldTurkish(change.neighbourhood));
    if (!spelled) throw fieldProblem('neighbourhood', 'user.unknown-neighbourhood');
    return spelled;
  }
  // The neighbourhood is immutable: a muhtar needs one from the start.
  if (muhtar && !existingNeighbourhood) throw fieldProblem('neighbourhood', 'user.neighbourhood-required');
  return undefined;
}

async function inviteUser(req: HttpRequest, principal: Principal) {
  const body = parseJsonBody(req, UserInvitation);
  const tenantId = await targetTenant(principal, body.tenantId);
  if (!canManageUser(principal, { tenantId, roles: body.roles }))
    throw fieldProblem('roles', 'user.role-not-allowed');
  const neighbourhood = await checkReferences(tenantId, body);
  const temporaryPassword = generateTemporaryPassword(userPool.passwordPolicy);
  let account: Awaited<ReturnType<typeof userAccounts.create>>;
  try {
    account = await userAccounts.create(
      {
        username: body.username,
        email: body.email.toLowerCase(),
        displayName: body.displayName,
        tenantId,
        temporaryPassword,
        ...(neighbourhood ? { neighbourhood } : {}),
        ...(body.departmentCode ? { departmentCode: body.departmentCode } : {}),
      },
      body.roles,
    );
  } catch (error) {
    if (error instanceof UserAccountExistsError) {
      throw new ProblemError('user-exists', {
        tr: 'Bu kullanıcı adıyla (veya e-postayla) bir hesap zaten var; başka bir kullanıcı adı seçin.',
        en: 'An account with this username (or e-mail) already exists; choose another username.',
      });
    }
    throw error;
  }
  const user = managedUser({ ...account, tenantId });
  await recordInDirectory(user);
  await audit(req, principal, {
    action: 'user.invite',
    ownerTenantId: tenantId,
    details: { targetUserId: user.userId, username: user.username, tenantId, roles: user.roles },
  });
  const invited: UserInvited = { ...user, temporaryPassword };
  return json(201, invited, req.lang);
}

async function updateUser(req: HttpRequest, principal: Principal, username: string | undefined) {
  const account = await loadManagedAccount(principal, username);
  const change = parseJsonBody(req, UserUpdate);
  const before = rolesOf(account);
  const roles = change.roles ?? before;
  if (!canManageUser(principal, { tenantId: account.tenantId, roles }))
    throw fieldProblem('roles', 'user.role-not-allowed');
  const self = account.userId === principal.userId;
  if (self && ADMINISTERING.some((r) => before.includes(r) && !roles.includes(r))) throw cannotLockOut();
  await checkReferences(
    account.tenantId,
    { roles, departmentCode: change.departmentCode },
    account.neighbourhood,
  );
  // Roles first: a failure after it leaves the account with its new roles and old profile, never roleless.
  if (change.roles) await userAccounts.setGroups(account.username, account.groups, roles);
  await userAccounts.updateProfile(account.username, {
    ...(change.displayName !== undefined ? { displayName: change.displayName } : {}),
    ...(change.departmentCode !== undefined ? { departmentCode: change.departmentCode } : {}),
  });
  const after = await userAccounts.get(account.username);
  const user = managedUser({ ...(after ?? { ...account, groups: roles }), tenantId: account.tenantId });
  await recordInDirectory(user);
  await audit(req, principal, {
    action: 'user.update',
    ownerTenantId: account.tenantId,
    details: {
      targetUserId: account.userId,
      username: account.username,
      ...(change.roles ? { roles: { from: before, to: roles } } : {}),
      ...(change.departmentCode !== undefined
        ? { departmentCode: { from: account.departmentCode ?? null, to: change.departmentCode } }
        : {}),
      ...(change.displayName !== undefined ? { displayNameChanged: true } : {}),
    },
  });
  return json(200, user, req.lang);
}

async function setEnabled(
  req: HttpRequest,
  principal: Principal,
  username: string | undefined,
  enabled: boolean,
) {
  const account = await loadManagedAccount(principal, username);
  if (!enabled && account.userId === principal.userId) throw cannotLockOut();
  if (enabled) await userAccounts.enable(account.username);
  else await userAccounts.disable(account.username);
  const user = managedUser({ ...account, enabled });
  await recordInDirectory(user);
  await audit(req, principal, {
    action: enabled ? 'user.enable' : 'user.disable',
    ownerTenantId: account.tenantId,
    details: { targetUserId: account.userId, username: account.username },
  });
  return json(200, user, req.lang);
}

async function resetPassword(req: HttpRequest, principal: Principal, username: string | undefined) {
  const account = await loadManagedAccount(principal, username);
  const temporaryPassword = generateTemporaryPassword(userPool.passwordPolicy);
  await userAccounts.setTemporaryPassword(account.username, temporaryPassword);
  await recordInDirectory(managedUser({ ...account, status: 'FORCE_CHANGE_PASSWORD' }));
  await audit(req, principal, {
    action: 'user.reset-password',
    ownerTenantId: account.tenantId,
    details: { targetUserId: account.userId, username: account.username },
  });
  const issued: PasswordResetIssued = { username: account.username, temporaryPassword };
  return json(200, issued, req.lang);
}

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  requireUserAdministrator(principal);
  const { method, path } = req.event.requestContext.http;
  const username = req.event.pathParameters?.username;
  if (username === undefined)
    return method === 'GET' ? listUsers(req, principal) : inviteUser(req, principal);
  if (method === 'PATCH') return updateUser(req, principal, username);
  if (path.endsWith('/disable')) return setEnabled(req, principal, username, false);
  if (path.endsWith('/enable')) return setEnabled(req, principal, username, true);
  return resetPassword(req, principal, username);
});
