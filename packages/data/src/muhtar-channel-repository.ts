import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { foldTurkish } from '@citydesk/domain';
import { InvalidCursorError, type TransactItem } from './case-repository.ts';

/*
 * The muhtar channel's items (docs/domain/muhtar-channel.md):
 *
 * | item                          | pk                                     | sk                          |
 * | ----------------------------- | -------------------------------------- | --------------------------- |
 * | a case of a neighbourhood     | `NBHD#<city>#<district>#<folded name>` | `<createdAt>#<caseId>`      |
 * | the muhtar following a case   | `CASE#<caseId>`                        | `MUHTAR#<userId>`           |
 * | an SMS to that muhtar         | `CASE#<caseId>`                        | `MUHTARSMS#<eventId>#<userId>` |
 *
 * A case item already uses all six indexes, so a neighbourhood's list is its own
 * partition, written in the routing transaction (routing is when the neighbourhood is
 * known for every channel). The follow and SMS items sort after `F` in the case's
 * partition, so reads of a case with its timeline skip them.
 */

/** Neighbourhood names repeat across districts and vary in spelling: district plus folded name. */
export const neighbourhoodPartition = (cityId: string, districtTenantId: string, neighbourhood: string) =>
  `NBHD#${cityId}#${districtTenantId}#${foldTurkish(neighbourhood)}`;
const followKey = (caseId: string, userId: string) => ({ pk: `CASE#${caseId}`, sk: `MUHTAR#${userId}` });
const smsKey = (caseId: string, eventId: string, userId: string) => ({
  pk: `CASE#${caseId}`,
  sk: `MUHTARSMS#${eventId}#${userId}`,
});

/** A muhtar following a case they filed: where their stage-change SMS go. */
export interface MuhtarFollower {
  userId: string;
  tenantId: string;
  /** E.164, from the muhtar's account (Cognito `phone_number`) when they filed. */
  phone: string;
}

export type SmsClaim = 'claimed' | 'sent' | 'in-flight';

export class MuhtarChannelRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /** The neighbourhood entry of a case, for the routing transaction (a repeat overwrites it). */
  neighbourhoodItem(input: {
    cityId: string;
    districtTenantId: string;
    neighbourhood: string;
    caseId: string;
    createdAt: string;
  }): TransactItem {
    return {
      Put: {
        TableName: this.#table,
        Item: {
          pk: neighbourhoodPartition(input.cityId, input.districtTenantId, input.neighbourhood),
          sk: `${input.createdAt}#${input.caseId}`,
          entity: 'NeighbourhoodCase',
          caseId: input.caseId,
        },
      },
    };
  }

  /** A page of a neighbourhood's case ids, newest first. */
  async neighbourhoodCaseIds(
    partition: string,
    limit: number,
    cursor?: string,
  ): Promise<{ caseIds: string[]; nextCursor?: string }> {
    const page = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor, partition) } : {}),
      }),
    );
    return {
      caseIds: (page.Items ?? []).map((i) => String(i.caseId)),
      ...(page.LastEvaluatedKey ? { nextCursor: encodeCursor(page.LastEvaluatedKey) } : {}),
    };
  }

  /** Records that a muhtar follows a case (repeating it is harmless). */
  async follow(caseId: string, follower: MuhtarFollower): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...followKey(caseId, follower.userId), entity: 'MuhtarFollower', caseId, ...follower },
      }),
    );
  }

  async followers(caseId: string): Promise<MuhtarFollower[]> {
    const { Items } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':prefix': 'MUHTAR#' },
      }),
    );
    return (Items ?? []).map((i) => ({
      userId: String(i.userId),
      tenantId: String(i.tenantId),
      phone: String(i.phone),
    }));
  }

  /**
   * Claims the SMS of one event for one muhtar: `claimed` for the first caller (and
   * for one whose earlier claim is older than `staleAfterMs`: that worker is gone),
   * `sent` once it went out, `in-flight` while another worker holds a fresh claim.
   */
  async claimSms(
    caseId: string,
    eventId: string,
    userId: string,
    now: Date,
    staleAfterMs: number,
  ): Promise<SmsClaim> {
    const key = smsKey(caseId, eventId, userId);
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...key, entity: 'MuhtarSms', status: 'calling', claimedAt: now.toISOString() },
          ConditionExpression:
            'attribute_not_exists(pk) OR #s = :released OR (#s = :calling AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':calling': 'calling',
            ':released': 'released',
            ':stale': new Date(now.getTime() - staleAfterMs).toISOString(),
          },
        }),
      );
      return 'claimed';
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const { Item } = await this.#doc.send(
        new GetCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
      );
      return Item?.status === 'sent' ? 'sent' : 'in-flight';
    }
  }

  /** Marks a claimed SMS sent (or releases the claim, so a retry may send it). */
  async finishSms(
    caseId: string,
    eventId: string,
    userId: string,
    outcome: 'sent' | 'release',
  ): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: smsKey(caseId, eventId, userId),
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': outcome === 'sent' ? 'sent' : 'released' },
      }),
    );
  }
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor must point into the partition being listed: no reading other neighbourhoods through it. */
function decodeCursor(cursor: string, partition: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (key.pk === partition && typeof key.sk === 'string' && Object.keys(key).length === 2) return key;
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidCursorError();
}
