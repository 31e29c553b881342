import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { StaffNotification, staffNotificationKey, type WatchedCase } from '@citydesk/domain';
import { InvalidCursorError } from './case-repository.ts';

/*
 * Staff notifications and watched cases (docs/domain/notifications.md, "Staff
 * notifications"). Keys:
 *
 *   STAFFUSER#{userId}  NOTE#{at}#{caseId}#{eventId}#{reason}   one inbox entry (newest last in key order)
 *   STAFFUSER#{userId}  WATCH#{caseId}                          a case the person watches (their list)
 *   CASE#{caseId}       WATCHER#{userId}                        the same watch, from the case's side
 *
 * The inbox key is built from the event, not from the time of writing, so a
 * redelivered queue message puts the same key and the conditional put refuses it:
 * one entry per (user, case, event, reason). A watch is written on both sides in one
 * transaction, so the worker (by case) and the person's list (by user) agree. The
 * case-side items sort after the timeline (`EVT#` < `F` < `WATCHER#`), so the
 * timeline read never sees them. Entries expire after 180 days (TTL `expiresAt`).
 */

const userPartition = (userId: string) => `STAFFUSER#${userId}`;
const NOTE = 'NOTE#';
const noteKey = (userId: string, id: string) => ({ pk: userPartition(userId), sk: `${NOTE}${id}` });
const watchKey = (userId: string, caseId: string) => ({ pk: userPartition(userId), sk: `WATCH#${caseId}` });
const watcherKey = (caseId: string, userId: string) => ({ pk: `CASE#${caseId}`, sk: `WATCHER#${userId}` });
const TTL_SECONDS = 180 * 24 * 3600;

/** Where an entry's e-mail stands (`none`: the person's preference wants none). */
export type StaffEmailStatus = 'none' | 'pending' | 'calling' | 'sent' | 'failed' | 'unknown';

/** An inbox entry as stored: the API view plus the e-mail's state. */
export interface StoredStaffNotification extends StaffNotification {
  userId: string;
  tenantId: string;
  emailStatus: StaffEmailStatus;
  emailUpdatedAt?: string;
  emailError?: string;
}

export type NewStaffNotification = Omit<
  StoredStaffNotification,
  'id' | 'read' | 'emailUpdatedAt' | 'emailError'
>;

const isConditionFailure = (err: unknown) =>
  err instanceof ConditionalCheckFailedException ||
  (err instanceof TransactionCanceledException &&
    (err.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

function toEntry(item: Record<string, unknown>): StoredStaffNotification {
  const view = StaffNotification.parse({
    id: item.id,
    caseId: item.caseId,
    trackingNo: item.trackingNo,
    workTypeCode: item.workTypeCode,
    ...(item.workType ? { workType: item.workType } : {}),
    status: item.status,
    reason: item.reason,
    eventId: item.eventId,
    eventType: item.eventType,
    at: item.at,
    read: item.read === true,
    link: item.link,
  });
  return {
    ...view,
    userId: String(item.userId),
    tenantId: String(item.tenantId),
    emailStatus: (item.emailStatus as StaffEmailStatus | undefined) ?? 'none',
    ...(typeof item.emailUpdatedAt === 'string' ? { emailUpdatedAt: item.emailUpdatedAt } : {}),
    ...(typeof item.emailError === 'string' ? { emailError: item.emailError } : {}),
  };
}

/** The API view of a stored entry (no user, tenant or e-mail state). */
export function staffNotificationView(entry: StoredStaffNotification): StaffNotification {
  const { userId: _u, tenantId: _t, emailStatus: _s, emailUpdatedAt: _a, emailError: _e, ...view } = entry;
  return view;
}

const encodeCursor = (sk: string) => Buffer.from(sk, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!sk.startsWith(NOTE) || sk.length > 400) throw new InvalidCursorError();
  return sk;
}

export class StaffNotificationRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => Date;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string, now: () => Date = () => new Date()) {
    this.#doc = doc;
    this.#table = mainTableName;
    this.#now = now;
  }

  /**
   * Puts an entry once: `created` the first time, else the entry already stored
   * (a redelivered message), whose e-mail state tells the caller what is left to do.
   */
  async putOnce(entry: NewStaffNotification): Promise<{ created: boolean; entry: StoredStaffNotification }> {
    const id = staffNotificationKey(entry);
    const stored: StoredStaffNotification = { ...entry, id, read: false };
    const now = this.#now();
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...noteKey(entry.userId, id),
            entity: 'StaffNotification',
            ...stored,
            createdAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, entry: stored };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const existing = await this.get(entry.userId, id);
      if (!existing) throw err;
      return { created: false, entry: existing };
    }
  }

  async get(userId: string, id: string): Promise<StoredStaffNotification | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: noteKey(userId, id), ConsistentRead: true }),
    );
    return Item?.entity === 'StaffNotification' ? toEntry(Item) : undefined;
  }

  /**
   * Moves an entry's e-mail from one state to the next, only if it is still in
   * `from`: the one writer that wins a claim sends. False when someone was faster.
   */
  async moveEmail(
    userId: string,
    id: string,
    from: StaffEmailStatus,
    to: StaffEmailStatus,
    error?: string,
  ): Promise<boolean> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: noteKey(userId, id),
          UpdateExpression: `SET emailStatus = :to, emailUpdatedAt = :at${error ? ', emailError = :error' : ''}`,
          ConditionExpression: 'emailStatus = :from',
          ExpressionAttributeValues: {
            ':to': to,
            ':from': from,
            ':at': this.#now().toISOString(),
            ...(error ? { ':error': error.slice(0, 300) } : {}),
          },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** A person's entries, newest first. */
  async list(
    userId: string,
    page: { cursor?: string | undefined; limit: number },
  ): Promise<{ items: StoredStaffNotification[]; nextCursor?: string }> {
    const items: StoredStaffNotification[] = [];
    let startKey: Record<string, unknown> | undefined = page.cursor
      ? { pk: userPartition(userId), sk: decodeCursor(page.cursor) }
      : undefined;
    let lastSk: string | undefined;
    const nowSeconds = Math.floor(this.#now().getTime() / 1000);
    do {
      const result = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)',
          ExpressionAttributeValues: { ':pk': userPartition(userId), ':note': NOTE },
          ScanIndexForward: false,
          Limit: page.limit - items.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of result.Items ?? []) {
        lastSk = String(item.sk);
        // DynamoDB Local never expires items; on AWS TTL deletes within days.
        if (Number(item.expiresAt) > nowSeconds) items.push(toEntry(item));
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey && items.length < page.limit);
    return { items, ...(startKey && lastSk ? { nextCursor: encodeCursor(lastSk) } : {}) };
  }

  /**
   * How many unread entries a person has. A count over their own partition: lists
   * are short (entries expire), and a separate counter could drift when TTL
   * deletes unread entries.
   */
  async unreadCount(userId: string): Promise<number> {
    let count = 0;
    let cursor: Record<string, unknown> | undefined;
    do {
      const result = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)',
          FilterExpression: '#read = :false AND expiresAt > :now',
          ExpressionAttributeNames: { '#read': 'read' },
          ExpressionAttributeValues: {
            ':pk': userPartition(userId),
            ':note': NOTE,
            ':false': false,
            ':now': Math.floor(this.#now().getTime() / 1000),
          },
          Select: 'COUNT',
          ExclusiveStartKey: cursor,
        }),
      );
      count += result.Count ?? 0;
      cursor = result.LastEvaluatedKey;
    } while (cursor);
    return count;
  }

  /** Marks the person's own entries read; ids that are not theirs (or not there) change nothing. */
  async markRead(userId: string, ids: readonly string[]): Promise<number> {
    let changed = 0;
    const at = this.#now().toISOString();
    for (const id of new Set(ids)) {
      try {
        await this.#doc.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: noteKey(userId, id),
            UpdateExpression: 'SET #read = :true, readAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND #read = :false',
            ExpressionAttributeNames: { '#read': 'read' },
            ExpressionAttributeValues: { ':true': true, ':false': false, ':at': at },
          }),
        );
        changed++;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
      }
    }
    return changed;
  }

  /** Marks every unread entry of the person read. */
  async markAllRead(userId: string): Promise<number> {
    const ids: string[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const result = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)',
          FilterExpression: '#read = :false',
          ExpressionAttributeNames: { '#read': 'read' },
          ExpressionAttributeValues: { ':pk': userPartition(userId), ':note': NOTE, ':false': false },
          ProjectionExpression: 'id',
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of result.Items ?? []) ids.push(String(item.id));
      cursor = result.LastEvaluatedKey;
    } while (cursor);
    return this.markRead(userId, ids);
  }

  // -------------------------------------------------------------------------------------------
  // Watching

  /** Starts watching (idempotent: watching again keeps the first `since`). */
  async watch(input: {
    userId: string;
    tenantId: string;
    neighbourhood?: string | undefined;
    caseId: string;
    trackingNo: string;
  }): Promise<WatchedCase> {
    const since = this.#now().toISOString();
    const common = {
      entity: 'StaffWatch',
      userId: input.userId,
      tenantId: input.tenantId,
      caseId: input.caseId,
      trackingNo: input.trackingNo,
      since,
      ...(input.neighbourhood ? { neighbourhood: input.neighbourhood } : {}),
    };
    try {
      await this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: { ...watchKey(input.userId, input.caseId), ...common },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: { ...watcherKey(input.caseId, input.userId), ...common },
              },
            },
          ],
        }),
      );
      return { caseId: input.caseId, trackingNo: input.trackingNo, since };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const { Item } = await this.#doc.send(
        new GetCommand({
          TableName: this.#table,
          Key: watchKey(input.userId, input.caseId),
          ConsistentRead: true,
        }),
      );
      return { caseId: input.caseId, trackingNo: input.trackingNo, since: String(Item?.since ?? since) };
    }
  }

  /** Stops watching; stopping what one does not watch is not an error. */
  async unwatch(userId: string, caseId: string): Promise<void> {
    await this.#doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.#table, Key: watchKey(userId, caseId) } },
          { Delete: { TableName: this.#table, Key: watcherKey(caseId, userId) } },
        ],
      }),
    );
  }

  async isWatching(userId: string, caseId: string): Promise<boolean> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: watchKey(userId, caseId), ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  /** The cases a person watches, most recently watched first. */
  async watching(userId: string): Promise<WatchedCase[]> {
    const out: WatchedCase[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const result = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :w)',
          ExpressionAttributeValues: { ':pk': userPartition(userId), ':w': 'WATCH#' },
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of result.Items ?? [])
        out.push({
          caseId: String(item.caseId),
          trackingNo: String(item.trackingNo),
          since: String(item.since),
        });
      cursor = result.LastEvaluatedKey;
    } while (cursor);
    return out.sort((a, b) => b.since.localeCompare(a.since));
  }

  /** Who watches a case, with the tenant (and a muhtar's neighbourhood) the watch was made in. */
  async watchersOf(caseId: string): Promise<{ userId: string; tenantId: string; neighbourhood?: string }[]> {
    const out: { userId: string; tenantId: string; neighbourhood?: string }[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const result = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :w)',
          ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':w': 'WATCHER#' },
          ConsistentRead: true,
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of result.Items ?? [])
        out.push({
          userId: String(item.userId),
          tenantId: String(item.tenantId),
          ...(typeof item.neighbourhood === 'string' ? { neighbourhood: item.neighbourhood } : {}),
        });
      cursor = result.LastEvaluatedKey;
    } while (cursor);
    return out;
  }
}
