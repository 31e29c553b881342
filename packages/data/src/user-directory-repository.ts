import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ManagedUser, matchesUserSearch, Role, type UserAccountState } from '@citydesk/domain';
import { InvalidCursorError } from './case-repository.ts';

/*
 * A tenant's user list for administration. Cognito cannot list a tenant's users
 * (ListUsers filters on standard attributes only, never on custom:tenant_id), so the
 * tenant's staff directory partition is the list: the same `STAFF#{userId}` items
 * the assignment pickers read (StaffDirectoryRepository), with the administration
 * fields added (e-mail, account state, timestamps). The admin endpoints keep them in
 * step with Cognito; Cognito stays the authority on who may act on an account.
 */
const partition = (tenantId: string) => `TENANT#${tenantId}`;
const personKey = (tenantId: string, userId: string) => ({ pk: partition(tenantId), sk: `STAFF#${userId}` });

/** What the directory records of an account after an administrator's change. */
export interface DirectoryAccount {
  userId: string;
  username: string;
  displayName: string;
  email?: string;
  roles: Role[];
  departmentCode?: string;
  neighbourhood?: string;
  state: UserAccountState;
}

function toManagedUser(tenantId: string, item: Record<string, unknown>): ManagedUser {
  const text = (key: string) =>
    typeof item[key] === 'string' && item[key] !== '' ? (item[key] as string) : undefined;
  const roles = Array.isArray(item.roles) ? item.roles.filter((r) => Role.safeParse(r).success) : [];
  // Entries written only by sign-ins (or the demo seed) carry no state: they are active.
  const stored = text('accountState');
  const state: UserAccountState =
    item.enabled === false ? 'disabled' : stored === 'invited' || stored === 'disabled' ? stored : 'active';
  const optional = (key: string) => {
    const value = text(key);
    return value ? { [key]: value } : {};
  };
  return {
    userId: String(item.userId),
    username: String(item.username ?? item.userId),
    tenantId,
    displayName: String(item.displayName ?? item.username ?? item.userId),
    roles: roles as Role[],
    state,
    ...optional('email'),
    ...optional('departmentCode'),
    ...optional('neighbourhood'),
    ...optional('createdAt'),
    ...optional('updatedAt'),
  } as ManagedUser;
}

const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
function decodeCursor(cursor: string): number {
  try {
    const { o } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidCursorError();
}

export class UserDirectoryRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /**
   * Records an account as an administrator left it. Absence and deputy stay as they
   * are (the person's own settings), so this is safe to repeat: every admin change
   * rewrites the whole entry from Cognito's answer.
   */
  async put(tenantId: string, account: DirectoryAccount, at: Date = new Date()): Promise<void> {
    const set = [
      'entity = :entity',
      'tenantId = :tenant',
      'userId = :user',
      'username = :username',
      'displayName = :name',
      '#roles = :roles',
      'accountState = :state',
      'enabled = :enabled',
      'updatedAt = :at',
      'createdAt = if_not_exists(createdAt, :at)',
      'absent = if_not_exists(absent, :false)',
    ];
    const remove: string[] = [];
    const values: Record<string, unknown> = {
      ':entity': 'StaffPerson',
      ':tenant': tenantId,
      ':user': account.userId,
      ':username': account.username,
      ':name': account.displayName,
      ':roles': account.roles,
      ':state': account.state,
      ':enabled': account.state !== 'disabled',
      ':at': at.toISOString(),
      ':false': false,
    };
    for (const key of ['email', 'departmentCode', 'neighbourhood'] as const) {
      const value = account[key];
      if (value) {
        set.push(`${key} = :${key}`);
        values[`:${key}`] = value;
      } else remove.push(key);
    }
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: personKey(tenantId, account.userId),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ExpressionAttributeNames: { '#roles': 'roles' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  /**
   * The phone a person is reached at for their own notices (a muhtar's stage-change
   * SMS): Cognito's `phone_number`, recorded here because tokens of the local user
   * pool do not carry it. Kept apart from `put`, which rewrites the entry from
   * Cognito's answer and must not wipe it.
   */
  async setContactPhone(tenantId: string, userId: string, phone: string): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: personKey(tenantId, userId),
        UpdateExpression: 'SET contactPhone = :phone',
        ExpressionAttributeValues: { ':phone': phone },
      }),
    );
  }

  async contactPhone(tenantId: string, userId: string): Promise<string | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({
        TableName: this.#table,
        Key: personKey(tenantId, userId),
        ProjectionExpression: 'contactPhone',
      }),
    );
    return typeof Item?.contactPhone === 'string' ? Item.contactPhone : undefined;
  }

  /**
   * Is this user disabled by an administrator? Read on every signed-in request: a
   * disabled user's ID token stays valid until it expires (up to an hour on AWS,
   * and cognito-local even keeps signing them in), so the API refuses it itself.
   */
  async isDisabled(tenantId: string, userId: string): Promise<boolean> {
    const found = await this.#doc.send(
      new GetCommand({
        TableName: this.#table,
        Key: personKey(tenantId, userId),
        ProjectionExpression: 'enabled',
      }),
    );
    return found.Item?.enabled === false;
  }

  /**
   * A page of the tenant's users, by display name (Turkish collation), optionally
   * only those matching `q` and those `visible` says the caller may see. A tenant
   * has at most some thousands of staff: one query reads them all, and the page is
   * cut in memory (the cursor is the offset into the filtered, sorted list).
   */
  async list(
    tenantId: string,
    options: { q?: string; limit: number; cursor?: string; visible?: (user: ManagedUser) => boolean },
  ): Promise<{ items: ManagedUser[]; nextCursor?: string }> {
    const offset = options.cursor ? decodeCursor(options.cursor) : 0;
    const users: ManagedUser[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :staff)',
          ExpressionAttributeValues: { ':pk': partition(tenantId), ':staff': 'STAFF#' },
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) users.push(toManagedUser(tenantId, item));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    const matching = users
      .filter((u) => !options.q || matchesUserSearch(u, options.q))
      .filter((u) => !options.visible || options.visible(u))
      .sort(
        (a, b) =>
          a.displayName.localeCompare(b.displayName, 'tr') || a.username.localeCompare(b.username, 'en'),
      );
    const items = matching.slice(offset, offset + options.limit);
    const next = offset + options.limit;
    return { items, ...(next < matching.length ? { nextCursor: encodeCursor(next) } : {}) };
  }
}
