import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AnalyticsDimension, type AnalyticsRowDelta, Case, CaseEvent, rowId } from '@citydesk/domain';
import {
  analyticsCityPrefix,
  analyticsOnceKey,
  analyticsPartition,
  analyticsRowKey,
} from './analytics-keys.ts';
import type { TransactItem } from './case-repository.ts';
import { mainTable } from './table-definitions.ts';

/*
 * The dashboards' aggregate rows (docs/domain/analytics.md): written only by the
 * analytics consumer with ADD, read by the analytics API, scanned by the verification
 * job. Counters are top-level number attributes named by the domain
 * (`created`, `rh_3`, `st_ROUTED`…); a row also carries its scope, dimension and key.
 */

/** A stored row: its identity and its counters (absent counters are zero). */
export interface AnalyticsRow {
  scope: string;
  dimension: AnalyticsDimension;
  key: string;
  counters: Record<string, number>;
  label?: string;
}

/** The marker item occupies one of a transaction's 100 items. */
const ROWS_PER_TRANSACTION = 99;
const ROW_ATTRIBUTES = new Set(['pk', 'sk', 'entity', 'cityId', 'scope', 'dimension', 'key', 'label']);

export class AnalyticsRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /**
   * Applies one event's contribution exactly once: each part (≤ 99 rows, a fixed split
   * of the sorted rows) is one transaction of the ADDs and its marker, conditioned on
   * the marker not existing. A transaction cancelled because the marker exists was
   * applied before (a redelivery): that part is skipped. Returns how many parts were
   * applied now and how many had been already.
   */
  async applyEvent(
    cityId: string,
    caseId: string,
    eventId: string,
    rows: readonly AnalyticsRowDelta[],
    now: Date,
  ): Promise<{ applied: number; skipped: number }> {
    let applied = 0;
    let skipped = 0;
    const parts = Math.max(1, Math.ceil(rows.length / ROWS_PER_TRANSACTION));
    for (let part = 0; part < parts; part++) {
      const chunk = rows.slice(part * ROWS_PER_TRANSACTION, (part + 1) * ROWS_PER_TRANSACTION);
      const items: TransactItem[] = [
        {
          Put: {
            TableName: this.#table,
            Item: {
              ...analyticsOnceKey(caseId, eventId, part),
              entity: 'AnalyticsOnce',
              at: now.toISOString(),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...chunk.map((row) => this.#increment(cityId, row)),
      ];
      try {
        await this.#doc.send(new TransactWriteCommand({ TransactItems: items }));
        applied++;
      } catch (err) {
        const markerExists =
          err instanceof TransactionCanceledException &&
          err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
        if (!markerExists) throw err;
        skipped++;
      }
    }
    return { applied, skipped };
  }

  #increment(cityId: string, row: AnalyticsRowDelta): TransactItem {
    const names: Record<string, string> = { '#scope': 'scope', '#dimension': 'dimension', '#key': 'key' };
    const values: Record<string, unknown> = {
      ':entity': 'AnalyticsRow',
      ':city': cityId,
      ':scope': row.scope,
      ':dimension': row.dimension,
      ':key': row.key,
    };
    const adds: string[] = [];
    Object.entries(row.add).forEach(([name, n], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = n;
      adds.push(`#c${i} :c${i}`);
    });
    let set = 'entity = :entity, cityId = :city, #scope = :scope, #dimension = :dimension, #key = :key';
    if (row.label) {
      names['#label'] = 'label';
      values[':label'] = row.label;
      set += ', #label = :label';
    }
    return {
      Update: {
        TableName: this.#table,
        Key: analyticsRowKey(cityId, row.scope, row.dimension, row.key),
        UpdateExpression: `SET ${set}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  /** The rows of one scope's dimension with keys from `fromKey` to `toKey` (inclusive, as prefixes). */
  async rowsBetween(
    cityId: string,
    scope: string,
    dimension: AnalyticsDimension,
    fromKey: string,
    toKey: string,
  ): Promise<AnalyticsRow[]> {
    const rows: AnalyticsRow[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': analyticsPartition(cityId, scope, dimension),
            ':from': fromKey,
            // `~` sorts after every character of a key: `<day>#<value>` rows of the last day are in.
            ':to': `${toKey}~`,
          },
          ExclusiveStartKey: cursor,
        }),
      );
      rows.push(...(page.Items ?? []).map(toRow));
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return rows;
  }

  /** One row, or undefined when nothing was ever counted in it. */
  async row(
    cityId: string,
    scope: string,
    dimension: AnalyticsDimension,
    key: string,
  ): Promise<AnalyticsRow | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: analyticsRowKey(cityId, scope, dimension, key) }),
    );
    return Item ? toRow(Item) : undefined;
  }

  /**
   * Every stored row of a city, keyed by the domain's row id (the verification job).
   * A parallel scan filtered on the partition prefix: a batch job's read, never a dashboard's.
   */
  async allRows(cityId: string, segments = 4): Promise<Map<string, AnalyticsRow>> {
    const rows = new Map<string, AnalyticsRow>();
    await this.#scan(
      {
        FilterExpression: 'begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':prefix': analyticsCityPrefix(cityId) },
      },
      segments,
      (item) => {
        const row = toRow(item);
        rows.set(rowId(row), row);
      },
    );
    return rows;
  }

  /**
   * Every case of a city with its timeline, from one parallel scan of the case
   * partitions (the verification job's recomputation input). Items past `F` in a case
   * partition (outbox, markers, surveys) are not read.
   */
  async casesWithTimelines(cityId: string, segments = 4): Promise<{ case: Case; events: CaseEvent[] }[]> {
    const cases = new Map<string, Case>();
    const events = new Map<string, CaseEvent[]>();
    await this.#scan(
      {
        FilterExpression: 'begins_with(pk, :case) AND sk < :end AND (entity = :c OR entity = :e)',
        ExpressionAttributeValues: { ':case': 'CASE#', ':end': 'F', ':c': 'Case', ':e': 'CaseEvent' },
      },
      segments,
      (item) => {
        const pk = String(item.pk);
        if (item.entity === 'Case') {
          if (item.cityId === cityId) cases.set(pk, Case.parse(stripStorage(item)));
        } else {
          const list = events.get(pk) ?? [];
          list.push(CaseEvent.parse(stripStorage(item)));
          events.set(pk, list);
        }
      },
    );
    return [...cases].map(([pk, c]) => ({ case: c, events: events.get(pk) ?? [] }));
  }

  async #scan(
    filter: { FilterExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    segments: number,
    onItem: (item: Record<string, unknown>) => void,
  ): Promise<void> {
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        let cursor: Record<string, unknown> | undefined;
        do {
          const page = await this.#doc.send(
            new ScanCommand({
              TableName: this.#table,
              ...filter,
              Segment: segment,
              TotalSegments: segments,
              ExclusiveStartKey: cursor,
            }),
          );
          for (const item of page.Items ?? []) onItem(item);
          cursor = page.LastEvaluatedKey;
        } while (cursor);
      }),
    );
  }
}

const STORAGE = new Set([
  'pk',
  'sk',
  'entity',
  ...mainTable.globalIndexes.flatMap((g) => [g.partitionKey.name, g.sortKey.name]),
]);

function stripStorage(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE.has(k)));
}

function toRow(item: Record<string, unknown>): AnalyticsRow {
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(item))
    if (!ROW_ATTRIBUTES.has(name) && typeof value === 'number') counters[name] = value;
  return {
    scope: String(item.scope),
    dimension: item.dimension as AnalyticsDimension,
    key: String(item.key),
    counters,
    ...(typeof item.label === 'string' ? { label: item.label } : {}),
  };
}
