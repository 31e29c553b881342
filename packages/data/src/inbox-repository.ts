import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type InboxChannel, InboxMessage, type InboxStatus } from '@citydesk/domain';
import { InvalidCursorError } from './case-repository.ts';

/*
 * The message inbox (docs/domain/message-inbox.md). One item per message, pk
 * `INBOX#<id>`, where the id is derived from the channel and the provider's message
 * id: a provider's redelivery (WhatsApp retries for up to a week, SNS and SQS at least
 * once) finds the item already there, and the conditional put stores it once. Lists
 * use the sparse gsi4 with a partition per tenant and status (`INBOX#<tenant>#<status>`,
 * newest first), so "new messages" is one query and a status change moves the
 * message between lists. Drop counters (mentions filtered out) live per tenant and day.
 */

const key = (id: string) => ({ pk: `INBOX#${id}`, sk: '#MSG' });
const listPartition = (tenantId: string, status: InboxStatus) => `INBOX#${tenantId}#${status}`;

/** A message's id: stable per (channel, provider id), URL-safe, and no provider data in clear. */
export function inboxMessageId(channel: InboxChannel, providerMessageId: string): string {
  return createHash('sha256').update(`${channel}\u0000${providerMessageId}`).digest('base64url').slice(0, 22);
}

/** The object key of an inbound attachment: under the metro tenant's prefix, like case files. */
export function inboxAttachmentKey(tenantId: string, messageId: string, attachmentId: string): string {
  return `t/${tenantId}/inbox/${messageId}/${attachmentId}`;
}

export class InboxVersionConflictError extends Error {
  override name = 'InboxVersionConflictError';
  constructor(readonly current: InboxMessage | undefined) {
    super('inbox message changed');
  }
}

const STORAGE = new Set(['pk', 'sk', 'entity', 'gsi4pk', 'gsi4sk', 'gsi2pk', 'gsi2sk']);
/** gsi2 (the citizen-history index, by keyed hash) with its own prefix: one sender's messages. */
const senderPartition = (tenantId: string, senderHash: string) => `INBOXFROM#${tenantId}#${senderHash}`;
const parse = (item: Record<string, unknown>) =>
  InboxMessage.parse(Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE.has(k))));

const itemOf = (m: InboxMessage) => ({
  ...key(m.id),
  entity: 'InboxMessage',
  gsi4pk: listPartition(m.tenantId, m.status),
  gsi4sk: `${m.receivedAt}#${m.id}`,
  ...(m.senderHash
    ? { gsi2pk: senderPartition(m.tenantId, m.senderHash), gsi2sk: `${m.receivedAt}#${m.id}` }
    : {}),
  ...m,
});

const encodeCursor = (k: Record<string, unknown>) => Buffer.from(JSON.stringify(k)).toString('base64url');
function decodeCursor(cursor: string, partition: string): Record<string, unknown> {
  try {
    const k = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const valid =
      Object.keys(k).sort().join() === 'gsi4pk,gsi4sk,pk,sk' &&
      Object.values(k).every((v) => typeof v === 'string') &&
      k.gsi4pk === partition;
    if (!valid) throw new Error('bad cursor');
    return k;
  } catch {
    throw new InvalidCursorError();
  }
}

export class InboxRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /** Stores a message once; a redelivery returns the stored one, unchanged. */
  async createOnce(message: InboxMessage): Promise<{ message: InboxMessage; replayed: boolean }> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: itemOf(message),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { message, replayed: false };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const existing = await this.get(message.id);
      if (!existing) throw err;
      return { message: existing, replayed: true };
    }
  }

  async get(id: string): Promise<InboxMessage | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: key(id), ConsistentRead: true }),
    );
    return Item ? parse(Item) : undefined;
  }

  /**
   * Replaces a message with its next state if nobody changed it since `expectedVersion`
   * was read; the next state carries `expectedVersion + 1`.
   */
  async replace(next: InboxMessage, expectedVersion: number): Promise<InboxMessage> {
    if (next.version !== expectedVersion + 1) throw new Error('the next state must increment the version');
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: itemOf(next),
          ConditionExpression: 'attribute_exists(pk) AND version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
      return next;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      throw new InboxVersionConflictError(await this.get(next.id));
    }
  }

  /** A tenant's messages with one status, newest first, optionally of one channel. */
  async list(query: {
    tenantId: string;
    status: InboxStatus;
    channel?: InboxChannel;
    limit: number;
    cursor?: string;
  }): Promise<{ items: InboxMessage[]; nextCursor?: string }> {
    const partition = listPartition(query.tenantId, query.status);
    const items: InboxMessage[] = [];
    let startKey = query.cursor ? decodeCursor(query.cursor, partition) : undefined;
    let more = true;
    while (more && items.length < query.limit) {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi4pk = :pk',
          ...(query.channel
            ? {
                FilterExpression: 'channel = :c',
                ExpressionAttributeValues: { ':pk': partition, ':c': query.channel },
              }
            : { ExpressionAttributeValues: { ':pk': partition } }),
          ScanIndexForward: false,
          Limit: query.limit,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        if (items.length === query.limit) break;
        items.push(parse(item));
      }
      startKey = page.LastEvaluatedKey;
      more = startKey !== undefined;
    }
    const last = items.at(-1);
    // The next page starts after the last message returned (not after the last one read).
    const nextCursor =
      last && (more || items.length === query.limit)
        ? encodeCursor({
            pk: key(last.id).pk,
            sk: key(last.id).sk,
            gsi4pk: partition,
            gsi4sk: `${last.receivedAt}#${last.id}`,
          })
        : undefined;
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  /**
   * One sender's messages received between two times, newest first: a WhatsApp user
   * shares their location as a message of its own, next to the text it belongs to.
   */
  async fromSender(tenantId: string, senderHash: string, from: string, to: string): Promise<InboxMessage[]> {
    const { Items } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': senderPartition(tenantId, senderHash),
          ':from': from,
          ':to': `${to}~`,
        },
        ScanIndexForward: false,
        Limit: 50,
      }),
    );
    return (Items ?? []).map(parse);
  }

  /** Counts a message an adapter dropped (a mention outside the tenant's filters), per day and reason. */
  async countDropped(tenantId: string, channel: InboxChannel, reason: string, at: Date): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: `INBOXDROP#${tenantId}`, sk: `${at.toISOString().slice(0, 10)}#${channel}#${reason}` },
        UpdateExpression: 'ADD dropped :one SET entity = :e',
        ExpressionAttributeValues: { ':one': 1, ':e': 'InboxDropCounter' },
      }),
    );
  }

  /** The drop counters of a tenant for one day: `channel#reason` → count. */
  async droppedOn(tenantId: string, day: string): Promise<Record<string, number>> {
    const { Items } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
        ExpressionAttributeValues: { ':pk': `INBOXDROP#${tenantId}`, ':d': `${day}#` },
        ConsistentRead: true,
      }),
    );
    return Object.fromEntries(
      (Items ?? []).map((i) => [String(i.sk).slice(day.length + 1), Number(i.dropped ?? 0)]),
    );
  }
}

/** Writes inbound attachments' bytes to the attachments bucket (server-side encrypted by the bucket). */
export class InboxAttachmentStore {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
  }

  async put(storageKey: string, content: Uint8Array, contentType: string): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: storageKey,
        Body: content,
        ContentType: contentType,
      }),
    );
  }
}
