import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { Incident } from '@citydesk/domain';
import { InvalidCursorError, type TransactItem } from './case-repository.ts';

/*
 * Incidents in the single table (docs/domain/incidents.md, ADR 0002's key style):
 *
 * | item                 | pk                  | sk             | index                                            |
 * | -------------------- | ------------------- | -------------- | ------------------------------------------------ |
 * | the incident         | `INCIDENT#<id>`     | `#INCIDENT`    | gsi4 `INCIDENTS#<city>` by start (every one);    |
 * |                      |                     |                | gsi5 `ACTIVEINCIDENTS#<city>` while ACTIVE       |
 * | an attached case     | `INCIDENT#<id>`     | `CASE#<caseId>`| none: the end fan-out pages the partition        |
 *
 * The GSIs are the ones cases use for their tenant lists and queues; the partition
 * prefixes keep incidents apart from them. The active partition is sparse (an ended
 * incident drops out), so routing reads only what can still attach cases.
 */

export const incidentKey = (incidentId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: '#INCIDENT' });
export const incidentCaseKey = (incidentId: string, caseId: string) => ({
  pk: `INCIDENT#${incidentId}`,
  sk: `CASE#${caseId}`,
});
export const incidentListPartition = (cityId: string) => `INCIDENTS#${cityId}`;
export const activeIncidentPartition = (cityId: string) => `ACTIVEINCIDENTS#${cityId}`;

/** The once-key of "this incident's end was applied to this case" (resolved or announced). */
export const incidentEndedOnceKey = (incidentId: string) => `incident-ended#${incidentId}`;

/** The stored item of an incident with its index attributes. */
export function incidentItem(incident: Incident): Record<string, unknown> {
  const sortKey = `${incident.startsAt}#${incident.id}`;
  return {
    ...incidentKey(incident.id),
    entity: 'Incident',
    ...incident,
    gsi4pk: incidentListPartition(incident.cityId),
    gsi4sk: sortKey,
    ...(incident.status === 'ACTIVE'
      ? { gsi5pk: activeIncidentPartition(incident.cityId), gsi5sk: sortKey }
      : {}),
  };
}

const ITEM_ATTRIBUTES = new Set(['pk', 'sk', 'entity', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk']);
function toIncident(item: Record<string, unknown>): Incident {
  return Incident.parse(Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_ATTRIBUTES.has(k))));
}

/** Someone changed the incident since it was read (its `version` moved on). */
export class IncidentVersionConflictError extends Error {
  override name = 'IncidentVersionConflictError';
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string, allowed: RegExp): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof key === 'object' &&
      key !== null &&
      Object.entries(key).every(([k, v]) => allowed.test(k) && typeof v === 'string')
    )
      return key as Record<string, unknown>;
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidCursorError();
}

/** Reading one page of an incident's attached cases reads at most this many keys. */
export const ATTACHED_PAGE_SIZE = 500;

export class IncidentRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /** Stores a newly declared incident (its id is new: a second put of it fails). */
  async create(incident: Incident): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: incidentItem(incident),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(incidentId: string): Promise<Incident | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: incidentKey(incidentId), ConsistentRead: true }),
    );
    return Item ? toIncident(Item) : undefined;
  }

  /**
   * Saves a change at the version it was read. Only the fields a change may touch are
   * written, never `attachedCount`: attachments move it on their own, in the routing
   * transactions, so a change cannot overwrite a newer count. Ending removes the
   * incident from the active index.
   */
  async update(before: Incident, after: Incident): Promise<Incident> {
    if (after.version !== before.version + 1)
      throw new Error('an incident change must bump the version by one');
    const fields = {
      expectedEndAt: after.expectedEndAt,
      agentScript: after.agentScript,
      publicMessage: after.publicMessage,
      status: after.status,
      updatedAt: after.updatedAt,
      version: after.version,
      ...(after.endedAt ? { endedAt: after.endedAt } : {}),
      ...(after.closingMessage ? { closingMessage: after.closingMessage } : {}),
      ...(after.endedBy ? { endedBy: after.endedBy } : {}),
    };
    const names = Object.fromEntries(Object.keys(fields).map((k) => [`#${k}`, k]));
    const values = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`:${k}`, v]));
    const set = Object.keys(fields).map((k) => `#${k} = :${k}`);
    try {
      const { Attributes } = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: incidentKey(before.id),
          UpdateExpression: `SET ${set.join(', ')}${after.status === 'ENDED' ? ' REMOVE gsi5pk, gsi5sk' : ''}`,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':expected': before.version },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toIncident(Attributes ?? {});
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new IncidentVersionConflictError(before.id);
      throw err;
    }
  }

  /** The city's incidents that are ACTIVE (started or scheduled), oldest start first. */
  async listActive(cityId: string): Promise<Incident[]> {
    const incidents: Incident[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'gsi5',
          KeyConditionExpression: 'gsi5pk = :pk',
          ExpressionAttributeValues: { ':pk': activeIncidentPartition(cityId) },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) incidents.push(toIncident(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return incidents;
  }

  /** Every incident of the city, the latest start first. */
  async listRecent(
    cityId: string,
    limit: number,
    cursor?: string,
  ): Promise<{ incidents: Incident[]; nextCursor?: string }> {
    const page = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': incidentListPartition(cityId) },
        ScanIndexForward: false,
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, /^(pk|sk|gsi4pk|gsi4sk)$/) } : {}),
      }),
    );
    return {
      incidents: (page.Items ?? []).map(toIncident),
      ...(page.LastEvaluatedKey ? { nextCursor: encodeCursor(page.LastEvaluatedKey) } : {}),
    };
  }

  /**
   * The writes that attach a case, for the routing transaction: the attachment item
   * (once per case: a second attempt fails its condition and cancels the transaction)
   * and the counter, only while the incident is ACTIVE (an incident that ended while
   * the case was being routed cancels it too; routing then reads again).
   */
  attachItems(incidentId: string, caseId: string, at: string): TransactItem[] {
    return [
      {
        Put: {
          TableName: this.#table,
          Item: {
            ...incidentCaseKey(incidentId, caseId),
            entity: 'IncidentCase',
            incidentId,
            caseId,
            attachedAt: at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.#table,
          Key: incidentKey(incidentId),
          UpdateExpression: 'SET attachedCount = attachedCount + :one',
          ConditionExpression: '#s = :active',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':active': 'ACTIVE' },
        },
      },
    ];
  }

  /**
   * The once-marker of an incident's end on one case, for the resolving transaction:
   * the same item `CaseRepository.appendOnce` writes for the key
   * {@link incidentEndedOnceKey}, so whichever of the two comes first is the only one.
   */
  endedMarkerItem(caseId: string, incidentId: string, eventId: string): TransactItem {
    return {
      Put: {
        TableName: this.#table,
        Item: {
          pk: `CASE#${caseId}`,
          sk: `ONCE#${incidentEndedOnceKey(incidentId)}`,
          entity: 'OnceMarker',
          eventId,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * One page of the case ids attached to an incident (keys only, in id order): the end
   * fan-out reads them page by page, never all at once.
   */
  async attachedCaseIds(
    incidentId: string,
    cursor?: string,
    limit = ATTACHED_PAGE_SIZE,
  ): Promise<{ caseIds: string[]; nextCursor?: string }> {
    const page = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :case)',
        ExpressionAttributeValues: { ':pk': incidentKey(incidentId).pk, ':case': 'CASE#' },
        ProjectionExpression: 'caseId',
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, /^(pk|sk)$/) } : {}),
      }),
    );
    return {
      caseIds: (page.Items ?? []).map((i) => String(i.caseId)),
      ...(page.LastEvaluatedKey ? { nextCursor: encodeCursor(page.LastEvaluatedKey) } : {}),
    };
  }
}
