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
import { caseKey } from './case-keys.ts';
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
/** Retries of a transaction that collided with another on a shared counter row. */
const MAX_CONFLICT_ATTEMPTS = 8;
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
      if (await this.#transact(items)) applied++;
      else skipped++;
    }
    return { applied, skipped };
  }

  /**
   * One part's transaction: true when applied, false when its marker existed. Every
   * event touches its city's gauge rows, so concurrent transactions collide on them
   * (TransactionConflict); those are retried here with jittered backoff rather than
   * failing the message back to the queue.
   */
  async #transact(items: TransactItem[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#doc.send(new TransactWriteCommand({ TransactItems: items }));
        return true;
      } catch (err) {
        if (!(err instanceof TransactionCanceledException)) throw err;
        const reasons = err.CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
        const conflict = reasons.some((r) => r.Code === 'TransactionConflict');
        if (!conflict || attempt >= MAX_CONFLICT_ATTEMPTS) throw err;
        await new Promise((done) => setTimeout(done, Math.random() * 20 * 2 ** Math.min(attempt, 6)));
      }
    }
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

  /**
   * A case and its timeline, strongly consistent (the event being counted was written
   * in the transaction that queued it). The consumer's own read, so it needs no access
   * to the citizen-history key the case repository hashes phones with.
   */
  async caseWithTimeline(caseId: string): Promise<{ case: Case; events: CaseEvent[] } | undefined> {
    const items: Record<string, unknown>[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND sk < :end',
          ExpressionAttributeValues: { ':pk': caseKey(caseId).pk, ':end': 'F' },
          ConsistentRead: true,
          ExclusiveStartKey: cursor,
        }),
      );
      items.push(...(page.Items ?? []));
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    const head = items.find((i) => i.entity === 'Case');
    if (!head) return undefined;
    return {
      case: Case.parse(stripStorage(head)),
      events: items.filter((i) => i.entity === 'CaseEvent').map((i) => CaseEvent.parse(stripStorage(i))),
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
   * Every case of a city with its timeline, and the events the consumer has applied
   * (their markers), from one parallel scan of the case partitions: the verification
   * job's input. Outbox and survey items are not read.
   */
  async casesWithTimelines(
    cityId: string,
    segments = 4,
  ): Promise<{ cases: { case: Case; events: CaseEvent[] }[]; appliedEventIds: Set<string> }> {
    const cases = new Map<string, Case>();
    const events = new Map<string, CaseEvent[]>();
    const appliedEventIds = new Set<string>();
    await this.#scan(
      {
        FilterExpression: 'begins_with(pk, :case) AND (entity = :c OR entity = :e OR entity = :once)',
        ExpressionAttributeValues: {
          ':case': 'CASE#',
          ':c': 'Case',
          ':e': 'CaseEvent',
          ':once': 'AnalyticsOnce',
        },
      },
      segments,
      (item) => {
        const pk = String(item.pk);
        if (item.entity === 'Case') {
          if (item.cityId === cityId) cases.set(pk, Case.parse(stripStorage(item)));
        } else if (item.entity === 'AnalyticsOnce') {
          // `ONCE#AGG#<eventId>` (or `…#<part>`): the event's first part was applied.
          const [, , eventId, part] = String(item.sk).split('#');
          if (eventId && part === undefined) appliedEventIds.add(eventId);
        } else {
          const list = events.get(pk) ?? [];
          list.push(CaseEvent.parse(stripStorage(item)));
          events.set(pk, list);
        }
      },
    );
    return {
      cases: [...cases].map(([pk, c]) => ({ case: c, events: events.get(pk) ?? [] })),
      appliedEventIds,
    };
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
