import { gunzipSync, gzipSync } from 'node:zlib';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AuditRecord, auditItem } from './audit-repository.ts';
import { newId } from './ids.ts';

/*
 * City configurations, versioned (docs/domain/tenant-configuration.md). Each
 * published version is an immutable item holding the whole document gzipped
 * (Balıkesir's 190 kB of JSON is 30 kB, far under DynamoDB's 400 kB item limit);
 * a pointer item names the current version. Publishing writes the new version, moves
 * the pointer conditionally on the version the editor started from, registers any
 * new tenant (tenant ids are unique across every city of the deployment) and appends
 * the audit record, all in one transaction: a configuration is never half-published
 * and never changes without a trace.
 */

const cityPartition = (cityId: string) => `CITY#${cityId}`;
const versionSort = (version: number) => `CONFIG#${String(version).padStart(8, '0')}`;
const POINTER_SK = 'CONFIG#CURRENT';
const CITIES_PK = 'CITIES';
const tenantKey = (tenantId: string) => ({ pk: `TENANT#${tenantId}`, sk: '#TENANT' });

export interface ConfigurationVersionInfo {
  cityId: string;
  version: number;
  publishedAt: string;
  publishedBy: string;
  /** What changed, in the editor's words or the section's name. */
  summary: string;
  /** The tenant whose settings changed; absent for city-wide changes. */
  tenantId?: string;
}

export interface StoredConfiguration<T> extends ConfigurationVersionInfo {
  document: T;
}

export interface CitySummary {
  cityId: string;
  name: string;
  currentVersion: number;
  updatedAt: string;
}

/** Someone published in between: reload, reapply, retry. */
export class ConfigurationVersionConflictError extends Error {
  override name = 'ConfigurationVersionConflictError';
  constructor(readonly currentVersion: number | undefined) {
    super(`configuration changed meanwhile (now at ${currentVersion ?? 'none'})`);
  }
}

/** A tenant id of the document is already taken by another city. */
export class TenantIdTakenError extends Error {
  override name = 'TenantIdTakenError';
  constructor(readonly tenantId: string) {
    super(`tenant id ${tenantId} belongs to another city`);
  }
}

export class CityConfigurationRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /** The current version number of a city, or undefined for a city not onboarded. */
  async currentVersion(cityId: string): Promise<number | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: cityPartition(cityId), sk: POINTER_SK },
        // Strongly consistent: an admin who just saved must see their change on the next request.
        ConsistentRead: true,
      }),
    );
    return Item ? Number(Item.version) : undefined;
  }

  /** One published version (immutable, so callers may cache it forever). */
  async get<T>(cityId: string, version: number): Promise<StoredConfiguration<T> | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: cityPartition(cityId), sk: versionSort(version) },
      }),
    );
    if (!Item) return undefined;
    return {
      ...versionInfo(Item),
      document: JSON.parse(gunzipSync(Item.body as Uint8Array).toString('utf8')) as T,
    };
  }

  /** Newest first, without the documents. */
  async listVersions(cityId: string, limit = 50): Promise<ConfigurationVersionInfo[]> {
    const { Items = [] } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'entity = :entity',
        ExpressionAttributeValues: {
          ':pk': cityPartition(cityId),
          ':prefix': 'CONFIG#0',
          ':entity': 'CityConfiguration',
        },
        ProjectionExpression: 'cityId, version, publishedAt, publishedBy, summary, tenantId, entity',
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(versionInfo);
  }

  async listCities(): Promise<CitySummary[]> {
    const { Items = [] } = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CITIES_PK },
      }),
    );
    return Items.map((i) => ({
      cityId: String(i.cityId),
      name: String(i.name),
      currentVersion: Number(i.currentVersion),
      updatedAt: String(i.updatedAt),
    }));
  }

  /** The city a tenant belongs to; tenants never move between cities, so callers may cache it. */
  async cityOfTenant(tenantId: string): Promise<string | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: tenantKey(tenantId) }),
    );
    return Item ? String(Item.cityId) : undefined;
  }

  /**
   * Publishes `document` as the city's next version, if the current one is still
   * `expectedVersion` (undefined: the city must not exist yet). Returns the new version.
   */
  async publish(input: {
    cityId: string;
    cityName: string;
    expectedVersion: number | undefined;
    document: unknown;
    tenantIds: string[];
    summary: string;
    tenantId?: string;
    audit: Omit<AuditRecord, 'id' | 'at'>;
    now?: Date;
  }): Promise<ConfigurationVersionInfo> {
    const version = (input.expectedVersion ?? 0) + 1;
    const publishedAt = (input.now ?? new Date()).toISOString();
    const info: ConfigurationVersionInfo = {
      cityId: input.cityId,
      version,
      publishedAt,
      publishedBy: input.audit.actor.username ?? input.audit.actor.userId,
      summary: input.summary,
      ...(input.tenantId ? { tenantId: input.tenantId } : {}),
    };
    const body = gzipSync(Buffer.from(JSON.stringify(input.document), 'utf8'));
    const known = input.expectedVersion === undefined ? [] : await this.#tenantsOf(input.cityId);
    const newTenants = input.tenantIds.filter((t) => !known.includes(t));
    const pointerCondition =
      input.expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': input.expectedVersion },
          };
    try {
      await this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: {
                  pk: cityPartition(input.cityId),
                  sk: versionSort(version),
                  entity: 'CityConfiguration',
                  ...info,
                  body,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: {
                  pk: cityPartition(input.cityId),
                  sk: POINTER_SK,
                  entity: 'CityConfigurationPointer',
                  version,
                },
                ...pointerCondition,
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: {
                  pk: CITIES_PK,
                  sk: `CITY#${input.cityId}`,
                  entity: 'City',
                  cityId: input.cityId,
                  name: input.cityName,
                  currentVersion: version,
                  updatedAt: publishedAt,
                },
              },
            },
            ...newTenants.map((tenantId) => ({
              Put: {
                TableName: this.#table,
                Item: {
                  ...tenantKey(tenantId),
                  entity: 'TenantRegistration',
                  tenantId,
                  cityId: input.cityId,
                },
                ConditionExpression: 'attribute_not_exists(pk) OR cityId = :city',
                ExpressionAttributeValues: { ':city': input.cityId },
              },
            })),
            {
              Put: {
                TableName: this.#table,
                Item: auditItem({ ...input.audit, id: newId(), at: publishedAt }),
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const tenantFailure = reasons
          .slice(3, 3 + newTenants.length)
          .findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (tenantFailure >= 0) throw new TenantIdTakenError(newTenants[tenantFailure] as string);
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed'))
          throw new ConfigurationVersionConflictError(await this.currentVersion(input.cityId));
      }
      throw error;
    }
    return info;
  }

  async #tenantsOf(cityId: string): Promise<string[]> {
    const version = await this.currentVersion(cityId);
    if (version === undefined) return [];
    const stored = await this.get<{ tenants: { id: string }[] }>(cityId, version);
    return stored?.document.tenants.map((t) => t.id) ?? [];
  }
}

function versionInfo(item: Record<string, unknown>): ConfigurationVersionInfo {
  return {
    cityId: String(item.cityId),
    version: Number(item.version),
    publishedAt: String(item.publishedAt),
    publishedBy: String(item.publishedBy),
    summary: String(item.summary),
    ...(item.tenantId ? { tenantId: String(item.tenantId) } : {}),
  };
}
