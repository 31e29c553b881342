import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type DevOutboxMessage, maskEmail, maskPhone } from '@citydesk/domain';
import { newId } from './ids.ts';

/*
 * The dev outbox: where the local cloud's notification provider puts every message
 * instead of sending it, newest readable first (pk `DEVOUTBOX`, sk time + id). One
 * marker per dedupe key makes storing idempotent, like a real provider that
 * honoured an idempotency key. Local and test data only: the recipient is kept in
 * clear so the portal page and tests can filter by it, and items expire after 30 days.
 */

const PARTITION = 'DEVOUTBOX';
const MARKER_PARTITION = 'DEVOUTBOX#KEY';
const TTL_SECONDS = 30 * 24 * 3600;

/** A message as the provider hands it over: the recipient in clear, the SMS measure if any. */
export interface StoredDevMessage {
  channel: DevOutboxMessage['channel'];
  recipient: string;
  caseId: string;
  trackingNo: string;
  event: DevOutboxMessage['event'];
  language: DevOutboxMessage['language'];
  subject?: string;
  text: string;
  sms?: { encoding: NonNullable<DevOutboxMessage['encoding']>; segments: number };
  dedupeKey: string;
}

export class DevOutboxRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => Date;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string, now: () => Date = () => new Date()) {
    this.#doc = doc;
    this.#table = mainTableName;
    this.#now = now;
  }

  /** Stores a message once per dedupe key; a repeat returns the first one's id. */
  async store(message: StoredDevMessage): Promise<{ id: string; replayed: boolean }> {
    const id = newId();
    const at = this.#now().toISOString();
    const expiresAt = Math.floor(this.#now().getTime() / 1000) + TTL_SECONDS;
    try {
      await this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: { pk: MARKER_PARTITION, sk: message.dedupeKey, entity: 'DevOutboxKey', id, expiresAt },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: {
                  pk: PARTITION,
                  sk: `${at}#${id}`,
                  entity: 'DevOutboxMessage',
                  id,
                  at,
                  ...message,
                  expiresAt,
                },
              },
            },
          ],
        }),
      );
      return { id, replayed: false };
    } catch (err) {
      if (
        err instanceof TransactionCanceledException &&
        err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        const { Item } = await this.#doc.send(
          new GetCommand({ TableName: this.#table, Key: { pk: MARKER_PARTITION, sk: message.dedupeKey } }),
        );
        return { id: String(Item?.id), replayed: true };
      }
      throw err;
    }
  }

  /** Messages newest first, optionally for one tracking number or one recipient (phone or e-mail). */
  async list(filter: {
    trackingNo?: string;
    recipient?: string;
    limit: number;
  }): Promise<DevOutboxMessage[]> {
    const nowSeconds = Math.floor(this.#now().getTime() / 1000);
    const conditions = ['expiresAt > :now'];
    const values: Record<string, unknown> = { ':pk': PARTITION, ':now': nowSeconds };
    if (filter.trackingNo) {
      conditions.push('trackingNo = :t');
      values[':t'] = filter.trackingNo;
    }
    if (filter.recipient) {
      conditions.push('recipient = :r');
      values[':r'] = filter.recipient;
    }
    const out: DevOutboxMessage[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          // DynamoDB Local never expires items: filter what TTL would have deleted.
          FilterExpression: conditions.join(' AND '),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) out.push(toMessage(item));
      cursor = page.LastEvaluatedKey;
    } while (cursor && out.length < filter.limit);
    return out.slice(0, filter.limit);
  }
}

function toMessage(item: Record<string, unknown>): DevOutboxMessage {
  const recipient = String(item.recipient);
  return {
    id: String(item.id),
    at: String(item.at),
    channel: item.channel as DevOutboxMessage['channel'],
    recipientMasked: recipient.includes('@') ? maskEmail(recipient) : maskPhone(recipient),
    caseId: String(item.caseId),
    trackingNo: String(item.trackingNo),
    event: item.event as DevOutboxMessage['event'],
    language: item.language as DevOutboxMessage['language'],
    ...(typeof item.subject === 'string' ? { subject: item.subject } : {}),
    text: String(item.text),
    ...(item.sms && typeof item.sms === 'object'
      ? {
          encoding: (item.sms as { encoding: NonNullable<DevOutboxMessage['encoding']> }).encoding,
          segments: Number((item.sms as { segments: number }).segments),
        }
      : {}),
    dedupeKey: String(item.dedupeKey),
  };
}
