import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AvailabilityUpdate, StaffNotificationPreferences, StaffPerson } from '@citydesk/domain';

/*
 * The people of a tenant: one partition per tenant, so the assignment picker reads
 * it with one query. (Teams and the deputy hierarchy are tenant settings, in the
 * city configuration.) People are written
 * when they sign in (GET /v1/staff/me) and by tenant administration; availability
 * (absence, deputy) by the person themselves.
 */
const partition = (tenantId: string) => `TENANT#${tenantId}`;
const personKey = (tenantId: string, userId: string) => ({ pk: partition(tenantId), sk: `STAFF#${userId}` });

export class StaffDirectoryRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /**
   * Records who a person is from their verified token. Absence and deputy are left
   * as they are (they are the person's own settings), so this is safe to repeat on
   * every sign-in. A display name an administrator set is kept; a sign-in proves
   * the account active (an invited user has now chosen a password).
   */
  async recordSignIn(
    tenantId: string,
    person: Pick<StaffPerson, 'userId' | 'username' | 'displayName' | 'roles' | 'departmentCode'>,
  ): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: personKey(tenantId, person.userId),
        UpdateExpression:
          'SET entity = :entity, tenantId = :tenant, userId = :user, username = :username, ' +
          'displayName = if_not_exists(displayName, :name), #roles = :roles, ' +
          'absent = if_not_exists(absent, :false), accountState = :active' +
          (person.departmentCode ? ', departmentCode = :department' : ' REMOVE departmentCode'),
        ExpressionAttributeNames: { '#roles': 'roles' },
        ExpressionAttributeValues: {
          ':entity': 'StaffPerson',
          ':tenant': tenantId,
          ':user': person.userId,
          ':username': person.username,
          ':name': person.displayName,
          ':roles': person.roles,
          ':false': false,
          ':active': 'active',
          ...(person.departmentCode ? { ':department': person.departmentCode } : {}),
        },
      }),
    );
  }

  /** Sets a person's absence and deputy; only for people already in the directory. */
  async setAvailability(tenantId: string, userId: string, update: AvailabilityUpdate): Promise<void> {
    const set = ['absent = :absent'];
    const remove: string[] = [];
    const values: Record<string, unknown> = { ':absent': update.absent };
    if (update.absent && update.absentUntil) {
      set.push('absentUntil = :until');
      values[':until'] = update.absentUntil;
    } else remove.push('absentUntil');
    if (update.deputyUserId) {
      set.push('deputyUserId = :deputy');
      values[':deputy'] = update.deputyUserId;
    } else if (!update.absent) remove.push('deputyUserId');
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: personKey(tenantId, userId),
        UpdateExpression: `SET ${set.join(', ')}${remove.length ? ` REMOVE ${remove.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: values,
      }),
    );
  }

  /**
   * A person's staff notification preference (e-mail or not, for which reasons) and
   * the address to use, as stored with their directory entry. Undefined for someone
   * not in the directory; no preference stored means the defaults.
   */
  async notificationSettings(
    tenantId: string,
    userId: string,
  ): Promise<{ preferences?: StaffNotificationPreferences; email?: string; enabled: boolean } | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({
        TableName: this.#table,
        Key: personKey(tenantId, userId),
        ProjectionExpression: 'entity, notificationPreferences, email, enabled',
      }),
    );
    if (Item?.entity !== 'StaffPerson') return undefined;
    const parsed = StaffNotificationPreferences.safeParse(Item.notificationPreferences);
    return {
      ...(parsed.success ? { preferences: parsed.data } : {}),
      ...(typeof Item.email === 'string' && Item.email ? { email: Item.email } : {}),
      enabled: Item.enabled !== false,
    };
  }

  /**
   * Stores a person's notification preference; only for people already in the
   * directory. `email` is the verified address from their token: kept when an
   * administrator already recorded one, so the two never disagree for long.
   */
  async setNotificationPreferences(
    tenantId: string,
    userId: string,
    preferences: StaffNotificationPreferences,
    email?: string,
  ): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: personKey(tenantId, userId),
        UpdateExpression: `SET notificationPreferences = :p${email ? ', email = if_not_exists(email, :email)' : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':p': preferences, ...(email ? { ':email': email } : {}) },
      }),
    );
  }

  /** Everyone of a tenant, optionally of one department. */
  async list(tenantId: string, departmentCode?: string): Promise<{ people: StaffPerson[] }> {
    const people: StaffPerson[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': partition(tenantId) },
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) {
        // Disabled accounts (user administration) receive no assignments.
        if (item.entity === 'StaffPerson' && item.enabled !== false)
          people.push(StaffPerson.parse(pick(item, PERSON_FIELDS)));
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    const inDepartment = (x: StaffPerson) =>
      !departmentCode || x.departmentCode === undefined || x.departmentCode === departmentCode;
    return {
      people: people.filter(inDepartment).sort((a, b) => a.displayName.localeCompare(b.displayName, 'tr')),
    };
  }
}

const PERSON_FIELDS = Object.keys(StaffPerson.shape);
const pick = (item: Record<string, unknown>, fields: string[]) =>
  Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
