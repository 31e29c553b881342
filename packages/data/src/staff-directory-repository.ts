import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AvailabilityUpdate, StaffPerson, StaffTeam } from '@citydesk/domain';

/*
 * The staff directory of a tenant: one partition per tenant, people and teams as
 * items in it, so the assignment picker reads it with one query. People are written
 * when they sign in (GET /v1/staff/me) and by tenant administration; availability
 * (absence, deputy) by the person themselves.
 */
const partition = (tenantId: string) => `TENANT#${tenantId}`;
const personKey = (tenantId: string, userId: string) => ({ pk: partition(tenantId), sk: `STAFF#${userId}` });
const teamKey = (tenantId: string, teamId: string) => ({ pk: partition(tenantId), sk: `TEAM#${teamId}` });

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
   * every sign-in.
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
          'displayName = :name, #roles = :roles, absent = if_not_exists(absent, :false)' +
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

  /** Creates or renames a team (idempotent by id). */
  async putTeam(tenantId: string, team: StaffTeam): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...teamKey(tenantId, team.id), entity: 'StaffTeam', tenantId, ...team },
      }),
    );
  }

  /** Everyone and every team of a tenant, optionally of one department. */
  async list(
    tenantId: string,
    departmentCode?: string,
  ): Promise<{ people: StaffPerson[]; teams: StaffTeam[] }> {
    const people: StaffPerson[] = [];
    const teams: StaffTeam[] = [];
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
        if (item.entity === 'StaffPerson') people.push(StaffPerson.parse(pick(item, PERSON_FIELDS)));
        if (item.entity === 'StaffTeam') teams.push(StaffTeam.parse(pick(item, TEAM_FIELDS)));
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    const inDepartment = <T extends { departmentCode?: string }>(x: T) =>
      !departmentCode || x.departmentCode === undefined || x.departmentCode === departmentCode;
    return {
      people: people.filter(inDepartment).sort((a, b) => a.displayName.localeCompare(b.displayName, 'tr')),
      teams: teams.filter(inDepartment).sort((a, b) => a.name.localeCompare(b.name, 'tr')),
    };
  }
}

const PERSON_FIELDS = Object.keys(StaffPerson.shape);
const TEAM_FIELDS = Object.keys(StaffTeam.shape);
const pick = (item: Record<string, unknown>, fields: string[]) =>
  Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
