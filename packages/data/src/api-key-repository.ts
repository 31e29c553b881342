import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type ApiKeyIssued, type ApiKeyView, formatApiKey, parseApiKey } from '@citydesk/domain';
import { newId } from './ids.ts';

const keyOf = (id: string) => ({ pk: `APIKEY#${id}`, sk: '#APIKEY' });
/** The secret has 256 bits of entropy: a plain SHA-256 is enough, no slow KDF needed. */
const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export interface StoredApiKey extends ApiKeyView {
  secretHash: string;
}

export class ApiKeyNotFoundError extends Error {
  override name = 'ApiKeyNotFoundError';
}

/**
 * Integration API keys per tenant: stored hashed (the secret is shown once and never
 * kept), scoped, rotatable and revocable. Listed per tenant through gsi4.
 */
export class ApiKeyRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  async issue(input: {
    tenantId: string;
    name: string;
    scopes: string[];
    createdBy: string;
    expiresAt?: string;
    now?: Date;
  }): Promise<ApiKeyIssued> {
    const id = newId();
    const secret = randomBytes(32).toString('base64url');
    const key = formatApiKey(id, secret);
    const view: ApiKeyView = {
      id,
      tenantId: input.tenantId,
      name: input.name,
      scopes: input.scopes,
      displayPrefix: key.slice(0, 12),
      createdAt: (input.now ?? new Date()).toISOString(),
      createdBy: input.createdBy,
      ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
    };
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          ...keyOf(id),
          entity: 'ApiKey',
          gsi4pk: `APIKEYS#${input.tenantId}`,
          gsi4sk: `${view.createdAt}#${id}`,
          ...view,
          secretHash: digest(secret),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { ...view, key };
  }

  async listByTenant(tenantId: string): Promise<ApiKeyView[]> {
    const { Items } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': `APIKEYS#${tenantId}` },
        ScanIndexForward: false,
      }),
    );
    return (Items ?? []).map(toView);
  }

  async get(id: string): Promise<StoredApiKey | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: keyOf(id), ConsistentRead: true }),
    );
    return Item ? ({ ...toView(Item), secretHash: String(Item.secretHash) } as StoredApiKey) : undefined;
  }

  /** Revokes a key of the tenant (idempotent: revoking twice keeps the first time). */
  async revoke(tenantId: string, id: string, now = new Date()): Promise<void> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: keyOf(id),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
          ConditionExpression: 'attribute_exists(pk) AND tenantId = :tenant',
          ExpressionAttributeValues: { ':now': now.toISOString(), ':tenant': tenantId },
        }),
      );
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new ApiKeyNotFoundError(id);
      throw err;
    }
  }

  /** A new secret with the same name and scopes; the old key is revoked at once. */
  async rotate(tenantId: string, id: string, createdBy: string): Promise<ApiKeyIssued> {
    const old = await this.get(id);
    if (!old || old.tenantId !== tenantId || old.revokedAt) throw new ApiKeyNotFoundError(id);
    const issued = await this.issue({
      tenantId,
      name: old.name,
      scopes: old.scopes,
      createdBy,
      ...(old.expiresAt ? { expiresAt: old.expiresAt } : {}),
    });
    await this.revoke(tenantId, id);
    return issued;
  }

  /**
   * The key a client presented, if it is well-formed, known, unrevoked, unexpired and
   * its secret matches (constant-time comparison).
   */
  async verify(presented: string, now = new Date()): Promise<StoredApiKey | undefined> {
    const parsed = parseApiKey(presented);
    if (!parsed) return undefined;
    const stored = await this.get(parsed.id);
    if (!stored || stored.revokedAt) return undefined;
    if (stored.expiresAt && Date.parse(stored.expiresAt) <= now.getTime()) return undefined;
    const a = Buffer.from(digest(parsed.secret));
    const b = Buffer.from(stored.secretHash);
    return a.length === b.length && timingSafeEqual(a, b) ? stored : undefined;
  }
}

function toView(item: Record<string, unknown>): ApiKeyView {
  const { pk: _pk, sk: _sk, gsi4pk: _g, gsi4sk: _s, entity: _e, secretHash: _h, ...view } = item;
  return view as unknown as ApiKeyView;
}
