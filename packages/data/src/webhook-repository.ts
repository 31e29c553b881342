import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  WebhookAttempt,
  WebhookDeliveryEventType,
  WebhookDeliveryView,
  WebhookEventType,
  WebhookSubscriptionIssued,
  WebhookSubscriptionView,
} from '@citydesk/domain';
import { InvalidCursorError } from './case-repository.ts';
import { newId } from './ids.ts';
import { newWebhookSecret } from './webhook-signature.ts';

/*
 * Outbound webhook subscriptions and their delivery log.
 *
 * Keys (ADR 0002's single table):
 *   subscription  pk WEBHOOKS#<tenant>      sk WEBHOOK#<id>
 *   delivery      pk WEBHOOK#<id>           sk DELIVERY#<event id>
 * A tenant's subscriptions are one partition, so every read and write of a
 * subscription names the tenant in its key: an administrator of another tenant cannot
 * reach it even with its id. Deliveries are keyed by (subscription, event), which is
 * what makes a redelivered queue message find the delivery it already made; event
 * ids are ULIDs, so the log sorts by time.
 *
 * The signing secret is stored with the subscription: an HMAC needs the secret
 * itself, not a hash of it. DynamoDB encrypts the table at rest (AWS-owned or
 * customer-managed KMS key, see the data stack); the secret is never listed, logged
 * or returned except once, at creation and at rotation.
 */

const subscriptionKey = (tenantId: string, id: string) => ({
  pk: `WEBHOOKS#${tenantId}`,
  sk: `WEBHOOK#${id}`,
});
const deliveryKey = (subscriptionId: string, eventId: string) => ({
  pk: `WEBHOOK#${subscriptionId}`,
  sk: `DELIVERY#${eventId}`,
});
/** Delivery log entries are kept 30 days (DynamoDB TTL; DynamoDB Local never expires, so reads filter). */
const DELIVERY_RETENTION_SECONDS = 30 * 24 * 3600;
/** The log keeps the last ten attempts of a delivery; `attempts` keeps counting. */
const ATTEMPT_LOG_LENGTH = 10;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export interface StoredWebhookSubscription extends WebhookSubscriptionView {
  secret: string;
}

export interface StoredWebhookDelivery extends WebhookDeliveryView {
  tenantId: string;
  /** The exact body every attempt sends (fixed when the delivery is prepared). */
  body: string;
}

export class WebhookNotFoundError extends Error {
  override name = 'WebhookNotFoundError';
}

const secretPrefix = (secret: string) => `${secret.slice(0, 10)}…`;

export class WebhookRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  async create(input: {
    tenantId: string;
    url: string;
    events: WebhookEventType[];
    description?: string;
    active: boolean;
    createdBy: string;
    now?: Date;
  }): Promise<WebhookSubscriptionIssued> {
    const id = newId();
    const secret = newWebhookSecret();
    const at = (input.now ?? new Date()).toISOString();
    const view: WebhookSubscriptionView = {
      id,
      tenantId: input.tenantId,
      url: input.url,
      events: input.events,
      ...(input.description ? { description: input.description } : {}),
      active: input.active,
      secretPrefix: secretPrefix(secret),
      createdAt: at,
      createdBy: input.createdBy,
      updatedAt: at,
    };
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...subscriptionKey(input.tenantId, id), entity: 'WebhookSubscription', ...view, secret },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { ...view, secret };
  }

  async list(tenantId: string): Promise<WebhookSubscriptionView[]> {
    return (await this.#listStored(tenantId)).map(toSubscriptionView);
  }

  /** The tenant's active subscriptions to an event type, with their secrets: for delivery only. */
  async activeFor(tenantId: string, event: WebhookEventType): Promise<StoredWebhookSubscription[]> {
    return (await this.#listStored(tenantId)).filter((s) => s.active && s.events.includes(event));
  }

  async #listStored(tenantId: string): Promise<StoredWebhookSubscription[]> {
    const items: StoredWebhookSubscription[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
          ExpressionAttributeValues: { ':pk': `WEBHOOKS#${tenantId}`, ':sk': 'WEBHOOK#' },
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...((page.Items ?? []) as StoredWebhookSubscription[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async get(tenantId: string, id: string): Promise<StoredWebhookSubscription | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: subscriptionKey(tenantId, id), ConsistentRead: true }),
    );
    return Item as StoredWebhookSubscription | undefined;
  }

  async getView(tenantId: string, id: string): Promise<WebhookSubscriptionView> {
    const stored = await this.get(tenantId, id);
    if (!stored) throw new WebhookNotFoundError(id);
    return toSubscriptionView(stored);
  }

  /** Changes the URL, events, description or active flag; the same request twice changes nothing more. */
  async update(
    tenantId: string,
    id: string,
    changes: { url?: string; events?: WebhookEventType[]; description?: string; active?: boolean },
    now = new Date(),
  ): Promise<WebhookSubscriptionView> {
    const sets = ['updatedAt = :now'];
    const values: Record<string, unknown> = { ':now': now.toISOString() };
    for (const field of ['url', 'events', 'description', 'active'] as const) {
      if (changes[field] === undefined) continue;
      sets.push(`${field} = :${field}`);
      values[`:${field}`] = changes[field];
    }
    return this.#updateExisting(tenantId, id, `SET ${sets.join(', ')}`, values);
  }

  /** A new secret at once: the old one stops signing with the next delivery. */
  async rotateSecret(tenantId: string, id: string, now = new Date()): Promise<WebhookSubscriptionIssued> {
    const secret = newWebhookSecret();
    const view = await this.#updateExisting(
      tenantId,
      id,
      'SET secret = :secret, secretPrefix = :prefix, secretRotatedAt = :now, updatedAt = :now',
      { ':secret': secret, ':prefix': secretPrefix(secret), ':now': now.toISOString() },
    );
    return { ...view, secret };
  }

  async #updateExisting(
    tenantId: string,
    id: string,
    expression: string,
    values: Record<string, unknown>,
  ): Promise<WebhookSubscriptionView> {
    try {
      const { Attributes } = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: subscriptionKey(tenantId, id),
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toSubscriptionView(Attributes as StoredWebhookSubscription);
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new WebhookNotFoundError(id);
      throw err;
    }
  }

  /**
   * Deletes a subscription. Pending deliveries then find no subscription and stop;
   * the delivery log stays until its TTL. Deleting twice is answered as not found.
   */
  async delete(tenantId: string, id: string): Promise<void> {
    try {
      await this.#doc.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: subscriptionKey(tenantId, id),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new WebhookNotFoundError(id);
      throw err;
    }
  }

  /**
   * Records the delivery of an event to a subscription, once: a second call for the
   * same (subscription, event) returns the existing entry untouched, whatever its
   * state, so a redelivered fan-out message never resets a delivery.
   */
  async prepareDelivery(input: {
    tenantId: string;
    subscriptionId: string;
    eventId: string;
    eventType: WebhookDeliveryEventType;
    caseId?: string;
    trackingNo?: string;
    body: string;
    now?: Date;
  }): Promise<StoredWebhookDelivery> {
    const now = input.now ?? new Date();
    const item: StoredWebhookDelivery = {
      deliveryId: webhookDeliveryId(input.subscriptionId, input.eventId),
      tenantId: input.tenantId,
      subscriptionId: input.subscriptionId,
      eventId: input.eventId,
      eventType: input.eventType,
      ...(input.caseId ? { caseId: input.caseId } : {}),
      ...(input.trackingNo ? { trackingNo: input.trackingNo } : {}),
      status: 'pending',
      attempts: 0,
      attemptLog: [],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      body: input.body,
    };
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...deliveryKey(input.subscriptionId, input.eventId),
            entity: 'WebhookDelivery',
            ...item,
            expiresAt: Math.floor(now.getTime() / 1000) + DELIVERY_RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return item;
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const existing = await this.getDelivery(input.subscriptionId, input.eventId);
      if (!existing) throw err;
      return existing;
    }
  }

  async getDelivery(subscriptionId: string, eventId: string): Promise<StoredWebhookDelivery | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({
        TableName: this.#table,
        Key: deliveryKey(subscriptionId, eventId),
        ConsistentRead: true,
      }),
    );
    return Item ? (stripKeys(Item) as unknown as StoredWebhookDelivery) : undefined;
  }

  /**
   * Takes a pending delivery for one attempt, for `leaseSeconds`: two copies of the
   * same queue message (at-least-once delivery) then cannot post at the same time.
   * False when the delivery is done, failed, or leased by someone else.
   */
  async claimDelivery(subscriptionId: string, eventId: string, leaseSeconds: number, now = new Date()) {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: deliveryKey(subscriptionId, eventId),
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression:
            '#status = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':now': now.getTime(),
            ':until': now.getTime() + leaseSeconds * 1000,
          },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  /**
   * Records one attempt and the delivery's new state (`delivered`, `failed` for good,
   * or still `pending` with the time of the next attempt), and releases the lease.
   */
  async recordAttempt(
    subscriptionId: string,
    eventId: string,
    attempt: WebhookAttempt,
    outcome: { status: 'delivered' | 'failed' | 'pending'; nextAttemptAt?: string },
  ): Promise<StoredWebhookDelivery> {
    const sets = [
      'attempts = attempts + :one',
      '#status = :status',
      'updatedAt = :at',
      'lastLatencyMs = :latency',
      'attemptLog = list_append(attemptLog, :attempt)',
    ];
    const removes = ['leaseUntil'];
    const values: Record<string, unknown> = {
      ':one': 1,
      ':status': outcome.status,
      ':at': attempt.at,
      ':latency': attempt.latencyMs,
      ':attempt': [attempt],
    };
    if (attempt.statusCode !== undefined) {
      sets.push('lastStatusCode = :code');
      values[':code'] = attempt.statusCode;
    } else removes.push('lastStatusCode');
    if (attempt.error !== undefined) {
      sets.push('lastError = :error');
      values[':error'] = attempt.error;
    } else removes.push('lastError');
    if (outcome.status === 'delivered') {
      sets.push('deliveredAt = :at');
    }
    if (outcome.nextAttemptAt) {
      sets.push('nextAttemptAt = :next');
      values[':next'] = outcome.nextAttemptAt;
    } else removes.push('nextAttemptAt');
    const { Attributes } = await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: deliveryKey(subscriptionId, eventId),
        UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
        ConditionExpression: 'attribute_exists(pk)',
        ReturnValues: 'ALL_NEW',
      }),
    );
    const stored = stripKeys(Attributes ?? {}) as unknown as StoredWebhookDelivery;
    if (stored.attemptLog.length > ATTEMPT_LOG_LENGTH) {
      // Trim in a second write: DynamoDB has no "keep the last n" list operation.
      const keep = stored.attemptLog.slice(-ATTEMPT_LOG_LENGTH);
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: deliveryKey(subscriptionId, eventId),
          UpdateExpression: 'SET attemptLog = :keep',
          ExpressionAttributeValues: { ':keep': keep },
        }),
      );
      stored.attemptLog = keep;
    }
    return stored;
  }

  /** Marks a pending delivery failed without an attempt (its subscription is gone or switched off). */
  async abandonDelivery(subscriptionId: string, eventId: string, reason: string, now = new Date()) {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: deliveryKey(subscriptionId, eventId),
          UpdateExpression: 'SET #status = :failed, lastError = :reason, updatedAt = :now REMOVE leaseUntil',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':failed': 'failed',
            ':pending': 'pending',
            ':reason': reason,
            ':now': now.toISOString(),
          },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  /** A subscription's delivery log, newest first, a page at a time. */
  async listDeliveries(
    subscriptionId: string,
    page: { limit: number; cursor?: string; now?: Date },
  ): Promise<{ items: WebhookDeliveryView[]; nextCursor?: string }> {
    let startEventId: string | undefined;
    if (page.cursor) {
      startEventId = Buffer.from(page.cursor, 'base64url').toString('utf8');
      if (!ULID.test(startEventId)) throw new InvalidCursorError();
    }
    const nowSeconds = Math.floor((page.now ?? new Date()).getTime() / 1000);
    const result = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': `WEBHOOK#${subscriptionId}`, ':sk': 'DELIVERY#' },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(startEventId ? { ExclusiveStartKey: deliveryKey(subscriptionId, startEventId) } : {}),
      }),
    );
    const items = (result.Items ?? [])
      .filter((i) => typeof i.expiresAt !== 'number' || i.expiresAt > nowSeconds)
      .map((i) => toDeliveryView(i));
    const lastSk = result.LastEvaluatedKey?.sk;
    return {
      items,
      ...(typeof lastSk === 'string'
        ? { nextCursor: Buffer.from(lastSk.slice('DELIVERY#'.length)).toString('base64url') }
        : {}),
    };
  }
}

/** The id a receiver deduplicates on (`X-CityDesk-Delivery`): one per subscription and event. */
export function webhookDeliveryId(subscriptionId: string, eventId: string): string {
  return `${subscriptionId}.${eventId}`;
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, entity: _e, expiresAt: _x, leaseUntil: _l, ...rest } = item;
  return rest;
}

function toSubscriptionView(stored: StoredWebhookSubscription): WebhookSubscriptionView {
  const { secret: _secret, ...view } = stripKeys(stored as unknown as Record<string, unknown>);
  return view as unknown as WebhookSubscriptionView;
}

function toDeliveryView(item: Record<string, unknown>): WebhookDeliveryView {
  const { body: _body, tenantId: _tenant, ...view } = stripKeys(item);
  return view as unknown as WebhookDeliveryView;
}
