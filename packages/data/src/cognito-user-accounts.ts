import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/*
 * The staff user pool's accounts, through the Cognito admin API (cognito-local
 * locally, which implements the same calls). The tenant and a muhtar's
 * neighbourhood are immutable attributes: written once here, at creation, and
 * never again by anyone. The department is admin-managed: mutable, but not
 * writable by the user's own app client. Roles are the pool's groups.
 */

/** Cognito's attribute names for what CityDesk keeps on an account. */
export const ACCOUNT_ATTRIBUTES = {
  tenantId: 'custom:tenant_id',
  neighbourhood: 'custom:neighbourhood',
  departmentCode: 'custom:department',
  displayName: 'name',
  email: 'email',
} as const;

/** An account as Cognito holds it. */
export interface UserAccount {
  /** The immutable `sub`: the user id in tokens, the directory and the audit trail. */
  userId: string;
  username: string;
  tenantId?: string;
  email?: string;
  displayName?: string;
  departmentCode?: string;
  neighbourhood?: string;
  enabled: boolean;
  /** Cognito's UserStatus: `FORCE_CHANGE_PASSWORD` until the first sign-in sets a password. */
  status: string;
  groups: string[];
  createdAt?: string;
  updatedAt?: string;
}

export interface NewUserAccount {
  username: string;
  email: string;
  displayName: string;
  tenantId: string;
  neighbourhood?: string;
  departmentCode?: string;
  temporaryPassword: string;
}

/** The username (or, on AWS with e-mail as an alias, the e-mail) is taken. */
export class UserAccountExistsError extends Error {
  override name = 'UserAccountExistsError';
}

const errorName = (error: unknown) => (error as { name?: string } | undefined)?.name;

function attribute(attributes: AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((a) => a.Name === name)?.Value;
}

/** The Cognito admin calls user administration makes, on one user pool. */
export class CognitoUserAccounts {
  readonly #client: CognitoIdentityProviderClient;
  readonly #userPoolId: string;

  constructor(client: CognitoIdentityProviderClient, userPoolId: string) {
    this.#client = client;
    this.#userPoolId = userPoolId;
  }

  /** One account with its groups, or undefined if there is none by that username. */
  async get(username: string): Promise<UserAccount | undefined> {
    let user: AdminGetUserCommandOutput;
    try {
      user = await this.#client.send(
        new AdminGetUserCommand({ UserPoolId: this.#userPoolId, Username: username }),
      );
    } catch (error) {
      if (errorName(error) === 'UserNotFoundException') return undefined;
      throw error;
    }
    // An answer that names no user is no user: cognito-local answers a username that is a
    // property of every JavaScript object (`constructor`, `toString`, `__proto__`) with an
    // empty user where Cognito says UserNotFoundException (found by the route fuzzer).
    if (!user.Username) return undefined;
    const groups = await this.#client.send(
      new AdminListGroupsForUserCommand({ UserPoolId: this.#userPoolId, Username: username, Limit: 60 }),
    );
    const attrs = user.UserAttributes;
    const userId = attribute(attrs, 'sub');
    if (!userId) throw new Error('Cognito returned a user without a sub');
    const optional = (key: keyof typeof ACCOUNT_ATTRIBUTES) => {
      const value = attribute(attrs, ACCOUNT_ATTRIBUTES[key]);
      return value ? { [key]: value } : {};
    };
    return {
      userId,
      username: user.Username ?? username,
      ...optional('tenantId'),
      ...optional('email'),
      ...optional('displayName'),
      ...optional('departmentCode'),
      ...optional('neighbourhood'),
      enabled: user.Enabled !== false,
      status: user.UserStatus ?? 'UNKNOWN',
      groups: (groups.Groups ?? []).flatMap((g) => (g.GroupName ? [g.GroupName] : [])),
      ...(user.UserCreateDate ? { createdAt: new Date(user.UserCreateDate).toISOString() } : {}),
      ...(user.UserLastModifiedDate ? { updatedAt: new Date(user.UserLastModifiedDate).toISOString() } : {}),
    };
  }

  /** Usernames of the accounts with this e-mail address (it should be at most one). */
  async usernamesWithEmail(email: string): Promise<string[]> {
    const quoted = email.replace(/["\\]/g, '');
    const found = await this.#client.send(
      new ListUsersCommand({ UserPoolId: this.#userPoolId, Filter: `email = "${quoted}"`, Limit: 10 }),
    );
    return (found.Users ?? []).flatMap((u) => (u.Username ? [u.Username] : []));
  }

  /**
   * Creates the account with its immutable tenant (and neighbourhood) and a
   * temporary password the user must replace at first sign-in. Cognito e-mails the
   * invitation on AWS (cognito-local prints it). Conditional: an existing username
   * (or e-mail alias) is a {@link UserAccountExistsError}, never an overwrite.
   */
  async create(account: NewUserAccount, groups: readonly string[]): Promise<UserAccount> {
    try {
      await this.#client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.#userPoolId,
          Username: account.username,
          TemporaryPassword: account.temporaryPassword,
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [
            { Name: ACCOUNT_ATTRIBUTES.email, Value: account.email },
            // The administrator vouches for the address; the invitation goes to it.
            { Name: 'email_verified', Value: 'true' },
            { Name: ACCOUNT_ATTRIBUTES.displayName, Value: account.displayName },
            { Name: ACCOUNT_ATTRIBUTES.tenantId, Value: account.tenantId },
            ...(account.neighbourhood
              ? [{ Name: ACCOUNT_ATTRIBUTES.neighbourhood, Value: account.neighbourhood }]
              : []),
            ...(account.departmentCode
              ? [{ Name: ACCOUNT_ATTRIBUTES.departmentCode, Value: account.departmentCode }]
              : []),
          ],
        }),
      );
    } catch (error) {
      const name = errorName(error);
      if (name === 'UsernameExistsException' || name === 'AliasExistsException')
        throw new UserAccountExistsError(account.username);
      throw error;
    }
    await this.setGroups(account.username, [], groups);
    const created = await this.get(account.username);
    if (!created) throw new Error(`Cognito lost the account ${account.username} it just created`);
    return created;
  }

  /** Moves the account from groups `current` to groups `wanted` (adding first, so it is never left without a role). */
  async setGroups(username: string, current: readonly string[], wanted: readonly string[]): Promise<void> {
    for (const group of wanted.filter((g) => !current.includes(g))) {
      await this.#client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: this.#userPoolId,
          Username: username,
          GroupName: group,
        }),
      );
    }
    for (const group of current.filter((g) => !wanted.includes(g))) {
      await this.#client.send(
        new AdminRemoveUserFromGroupCommand({
          UserPoolId: this.#userPoolId,
          Username: username,
          GroupName: group,
        }),
      );
    }
  }

  /** Sets the display name and the department (`null` removes it). Never the tenant or neighbourhood. */
  async updateProfile(
    username: string,
    change: { displayName?: string; departmentCode?: string | null },
  ): Promise<void> {
    const set: AttributeType[] = [
      ...(change.displayName !== undefined
        ? [{ Name: ACCOUNT_ATTRIBUTES.displayName, Value: change.displayName }]
        : []),
      ...(typeof change.departmentCode === 'string'
        ? [{ Name: ACCOUNT_ATTRIBUTES.departmentCode, Value: change.departmentCode }]
        : []),
    ];
    if (set.length > 0) {
      await this.#client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.#userPoolId,
          Username: username,
          UserAttributes: set,
        }),
      );
    }
    if (change.departmentCode === null) {
      await this.#client.send(
        new AdminDeleteUserAttributesCommand({
          UserPoolId: this.#userPoolId,
          Username: username,
          UserAttributeNames: [ACCOUNT_ATTRIBUTES.departmentCode],
        }),
      );
    }
  }

  /** Disabled accounts cannot sign in on AWS, and their access tokens are revoked. Idempotent. */
  async disable(username: string): Promise<void> {
    await this.#client.send(
      new AdminDisableUserCommand({ UserPoolId: this.#userPoolId, Username: username }),
    );
  }

  async enable(username: string): Promise<void> {
    await this.#client.send(new AdminEnableUserCommand({ UserPoolId: this.#userPoolId, Username: username }));
  }

  /**
   * A reset: a new temporary password, which the user must replace at the next
   * sign-in (status FORCE_CHANGE_PASSWORD). AdminResetUserPassword would mail a code
   * instead, but needs a verified channel and cognito-local lacks it; this works the
   * same on both, and the administrator hands the password over as at invitation.
   */
  async setTemporaryPassword(username: string, temporaryPassword: string): Promise<void> {
    await this.#client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: this.#userPoolId,
        Username: username,
        Password: temporaryPassword,
        Permanent: false,
      }),
    );
  }
}

/** A Cognito client configured by the environment (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER locally). */
export function createCognitoClient(): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ maxAttempts: 5 });
}
