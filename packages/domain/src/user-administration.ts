import * as z from 'zod';
import { foldTurkish } from './geo.ts';
import { Role } from './principal.ts';
import { TenantId } from './tenant.ts';

/*
 * User administration: what a tenant administrator (or, for tenant administrators,
 * a platform operator) sends to invite and change staff users, and what the API
 * answers. Who may manage whom is the authorization module's (`canManageUser`);
 * the CSV bulk import lives in user-import.ts.
 */

/**
 * A login name. Lower case, so "Ayse.Yilmaz" and "ayse.yilmaz" cannot be two
 * people; never an e-mail address, because on AWS the pool signs in with e-mail as
 * an alias, and Cognito refuses an e-mail-shaped username there.
 */
export const Username = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, { error: 'user.username' });
export type Username = z.infer<typeof Username>;

export const DisplayName = z.string().trim().min(2, { error: 'user.display-name' }).max(100, {
  error: 'user.display-name',
});

/** A department (birim) code of the city's catalogue, e.g. `FEN` or `SU_ISLETME`. */
export const UserDepartmentCode = z.string().regex(/^[A-Z0-9_]{2,24}$/, { error: 'user.department' });

/** A staff role an administrator may give (the platform role only in the platform tenant). */
export const GrantableRole = Role.exclude(['integration'], { error: 'user.role' });
export type GrantableRole = z.infer<typeof GrantableRole>;

const RoleList = z
  .array(GrantableRole)
  .min(1, { error: 'user.roles-required' })
  .max(8)
  .refine((roles) => new Set(roles).size === roles.length, { error: 'user.roles-duplicate' });

/** POST /v1/admin/users: invite one user. The temporary password is generated, never chosen. */
export const UserInvitation = z
  .object({
    username: Username,
    email: z.email({ error: 'user.email' }).max(254),
    displayName: DisplayName,
    roles: RoleList,
    departmentCode: UserDepartmentCode.optional(),
    /** Muhtars only: the neighbourhood they head. Immutable once set. */
    neighbourhood: z.string().trim().min(2).max(100).optional(),
    /**
     * The tenant of the new user. Tenant administrators may leave it out (it is
     * always their own); platform operators name the tenant whose administrator
     * they create. Immutable once set.
     */
    tenantId: TenantId.optional(),
  })
  .strict()
  .meta({ id: 'UserInvitation' });
export type UserInvitation = z.infer<typeof UserInvitation>;

/** PATCH /v1/admin/users/{username}: roles, department (null: none) and display name. */
export const UserUpdate = z
  .object({
    roles: RoleList.optional(),
    departmentCode: UserDepartmentCode.nullable().optional(),
    displayName: DisplayName.optional(),
  })
  .strict()
  .refine((u) => u.roles !== undefined || u.departmentCode !== undefined || u.displayName !== undefined, {
    error: 'user.nothing-to-change',
  })
  .meta({ id: 'UserUpdate' });
export type UserUpdate = z.infer<typeof UserUpdate>;

/**
 * Where an account stands in Cognito: `invited` until the first sign-in sets a
 * password (also after a reset), `active` after that. `disabled` overrides both.
 */
export const UserAccountState = z.enum(['invited', 'active', 'disabled']);
export type UserAccountState = z.infer<typeof UserAccountState>;

/** A user as the administration screens show it. */
export const ManagedUser = z
  .object({
    userId: z.string(),
    username: z.string(),
    tenantId: z.string(),
    displayName: z.string(),
    email: z.string().optional(),
    roles: z.array(Role),
    departmentCode: z.string().optional(),
    neighbourhood: z.string().optional(),
    state: UserAccountState,
    createdAt: z.iso.datetime().optional(),
    updatedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'ManagedUser' });
export type ManagedUser = z.infer<typeof ManagedUser>;

export const ManagedUserList = z
  .object({ tenantId: z.string(), items: z.array(ManagedUser), nextCursor: z.string().optional() })
  .meta({ id: 'ManagedUserList' });
export type ManagedUserList = z.infer<typeof ManagedUserList>;

/** GET /v1/admin/users: search by name, login or e-mail; platform operators name a tenant. */
export const UserListQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    tenantId: TenantId.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(512).optional(),
  })
  .strict();
export type UserListQuery = z.infer<typeof UserListQuery>;

/** A new user, with the temporary password the administrator hands over (shown once). */
export const UserInvited = ManagedUser.extend({ temporaryPassword: z.string() }).meta({ id: 'UserInvited' });
export type UserInvited = z.infer<typeof UserInvited>;

/** A reset: a new temporary password (shown once); the user sets their own at next sign-in. */
export const PasswordResetIssued = z
  .object({ username: z.string(), temporaryPassword: z.string() })
  .meta({ id: 'PasswordResetIssued' });
export type PasswordResetIssued = z.infer<typeof PasswordResetIssued>;

/** Case- and accent-insensitive search over a user's names and e-mail. */
export function matchesUserSearch(user: Pick<ManagedUser, 'displayName' | 'username' | 'email'>, q: string) {
  const needle = foldTurkish(q);
  if (!needle) return true;
  return [user.displayName, user.username, user.email ?? ''].some((field) =>
    foldTurkish(field).includes(needle),
  );
}

/** What a temporary password must satisfy: the pool's policy (manifest `userPool.passwordPolicy`). */
export interface PasswordRules {
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireDigits: boolean;
  requireSymbols: boolean;
}

// No look-alikes (0/O, 1/l/I): the administrator may read it out over the phone.
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-=?@';

/**
 * A random temporary password that satisfies the pool's policy: at least 16
 * characters, one of each required class, from the platform's CSPRNG. It is good
 * only for the first sign-in, where Cognito makes the user choose their own.
 */
export function generateTemporaryPassword(
  rules: PasswordRules,
  random: (buffer: Uint32Array<ArrayBuffer>) => Uint32Array<ArrayBuffer> = (b) => crypto.getRandomValues(b),
): string {
  const length = Math.max(16, rules.minLength);
  const classes = [
    LOWER,
    ...(rules.requireUppercase ? [UPPER] : []),
    ...(rules.requireDigits ? [DIGITS] : []),
    ...(rules.requireSymbols ? [SYMBOLS] : []),
  ];
  const all = classes.join('');
  const values = random(new Uint32Array(length * 2));
  const pick = (alphabet: string, i: number) => alphabet[(values[i] ?? 0) % alphabet.length] as string;
  const chars = Array.from({ length }, (_, i) => pick(i < classes.length ? (classes[i] as string) : all, i));
  // Shuffle (Fisher–Yates) so the required classes do not always lead.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = (values[length + i] ?? 0) % (i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
