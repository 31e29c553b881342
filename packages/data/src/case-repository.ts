import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  Case,
  CaseEvent,
  type CaseStatus,
  type CaseSubscriber,
  cityDate,
  type OutboxIntent,
} from '@citydesk/domain';
import { createDocumentClient, requireEnv } from './aws-clients.ts';
import {
  caseItem,
  caseKey,
  eventKey,
  externalReferenceKey,
  idempotencyKey,
  outboxKey,
  phoneQuotaKey,
  surveyDueKey,
  surveySchedulePartition,
  trackingKey,
} from './case-keys.ts';
import { caseSubscriberItem } from './case-subscriber-repository.ts';
import { createPiiHasher } from './pii-hash.ts';
import { loadSecret, type SecretLocation } from './secrets.ts';
import { idempotencyTable, mainTable } from './table-definitions.ts';

/** One write of a TransactWriteItems request. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Outbox items only need to outlive stream delivery (24 h) plus a margin for replays. */
const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

export interface CaseRepositoryConfig {
  doc: DynamoDBDocumentClient;
  mainTableName: string;
  idempotencyTableName: string;
  /**
   * Keyed hash for the citizen-history index; raw phone numbers are never indexed.
   * Async so the key can be fetched on first write only: read-only callers never need it.
   */
  hashPhone: (e164: string) => string | Promise<string>;
  now?: () => Date;
}

export interface IdempotencyClaim {
  operation: string;
  key: string;
  /** Hash of the validated request: the same key with a different request is refused. */
  requestHash: string;
  ttlSeconds: number;
}

export interface NewCase {
  case: Case;
  event: CaseEvent;
  intents: OutboxIntent[];
  idempotency?: IdempotencyClaim;
  /**
   * The submitting tenant's reference in another system: claimed in the same
   * transaction, so a resent reference returns the case the first request created.
   */
  externalReference?: { tenantId: string; system: string; id: string };
  /** Further events of the same filing, after `event`: a case closed at intake (`closed`, its note). */
  followingEvents?: CaseEvent[];
  /**
   * A duplicate closed at intake: its citizen subscribes to the master case in the
   * same transaction, which fails with {@link MasterCaseNotOpenError} unless the
   * master exists and is still open.
   */
  subscribeTo?: { subscription: CaseSubscriber; masterOpenStatuses: readonly CaseStatus[] };
  /**
   * At most `perDay` cases a day from the citizen's phone (public intake): counted in
   * the same transaction, so only a stored case counts and an idempotent replay never
   * does. Fails with {@link PhoneQuotaExceededError}. Per phone rather than per address:
   * a flood from many addresses (or one CGNAT address shared by honest citizens) is
   * told apart by the number it wants answers on.
   */
  phoneQuota?: { perDay: number };
}

export type CreateCaseResult = { outcome: 'created'; case: Case } | { outcome: 'replayed'; case: Case };

export interface CaseTransition {
  before: Case;
  after: Case;
  events: CaseEvent[];
  intents: OutboxIntent[];
  /**
   * Existing timeline events rewritten by this change: the erasure removes free text
   * from them. Overwrites, so repeating them is harmless.
   */
  rewrittenEvents?: CaseEvent[];
  /** Cases born from this change (a split's children), created in the same transaction. */
  newCases?: { case: Case; events: CaseEvent[]; intents: OutboxIntent[] }[];
  /**
   * Writes of other entities that must commit with the change or not at all (an
   * incident's attachment and its counter, a neighbourhood's index entry), each with
   * its own condition. A failed condition there cancels the change; the error is
   * rethrown as it came (only the case item's own check is a VersionConflictError).
   */
  extraItems?: TransactItem[];
}

/** Filters of a work queue; `departmentCode` picks the department queue, else the tenant's. */
export interface QueueQuery {
  tenantId: string;
  departmentCode?: string;
  statuses?: readonly CaseStatus[];
  workTypeCode?: string;
  neighbourhood?: string;
  channel?: string;
  assigneeId?: string;
  /** Only cases whose SLA is due before this instant (ISO): "overdue" is `dueBefore: now`. */
  dueBefore?: string;
  limit: number;
  cursor?: string;
}

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/** One queue read fetches this many index entries; a request makes at most MAX_QUEUE_READS. */
const QUEUE_READ_SIZE = 100;
const MAX_QUEUE_READS = 10;

/** The key DynamoDB needs to resume a query on `index` after `item`. */
function indexKeyOf(item: Record<string, unknown>, index: string): Record<string, unknown> {
  return {
    pk: item.pk,
    sk: item.sk,
    [`${index}pk`]: item[`${index}pk`],
    [`${index}sk`]: item[`${index}sk`],
  };
}

export class TrackingNumberTakenError extends Error {
  override name = 'TrackingNumberTakenError';
}
/** The citizen's phone filed its daily quota of cases already. */
export class PhoneQuotaExceededError extends Error {
  override name = 'PhoneQuotaExceededError';
}
export class IdempotencyKeyReusedError extends Error {
  override name = 'IdempotencyKeyReusedError';
}
/** Another writer changed the case first (optimistic locking): the caller reloads or answers 409. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
}
/** The case a duplicate was to be linked to is missing or no longer open. */
export class MasterCaseNotOpenError extends Error {
  override name = 'MasterCaseNotOpenError';
}

/** Key and index attributes: storage concerns that never leave the repository. */
const STORAGE_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'entity',
  ...mainTable.globalIndexes.flatMap((g) => [g.partitionKey.name, g.sortKey.name]),
]);

function stripStorage(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_ATTRIBUTES.has(k)));
}

const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * The stored item of an outbox intent. Most intents are outbox items the stream
 * relays at once; `schedule-survey` is a delayed intent: a due item on the timing
 * index (gsi6 `SURVEY#<city>`, by due time) that the survey job picks up when it falls
 * due. Closing again before then overwrites it with the new due time.
 */
export function outboxItem(caseId: string, intent: OutboxIntent, now: Date): Record<string, unknown> {
  if (intent.intent === 'schedule-survey') {
    return {
      ...surveyDueKey(caseId),
      entity: 'SurveyDue',
      caseId,
      cityId: intent.cityId,
      dueAt: intent.dueAt,
      closedEventId: intent.eventId,
      gsi6pk: surveySchedulePartition(intent.cityId),
      gsi6sk: `${intent.dueAt}#${caseId}`,
    };
  }
  return {
    ...outboxKey(caseId, intent.eventId, intent.intent),
    entity: 'Outbox',
    intent,
    expiresAt: epochSeconds(now) + OUTBOX_TTL_SECONDS,
  };
}

/** The stored item of a timeline event. */
export const eventItem = (e: CaseEvent): Record<string, unknown> => ({
  ...eventKey(e.caseId, e.at, e.eventId),
  entity: 'CaseEvent',
  ...e,
});

/** DynamoDB persistence of cases, their timelines, tracking numbers and outbox intents. */
export class CaseRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #idempotencyTable: string;
  readonly #hashPhone: (e164: string) => string | Promise<string>;
  readonly #now: () => Date;

  constructor(config: CaseRepositoryConfig) {
    this.#doc = config.doc;
    this.#table = config.mainTableName;
    this.#idempotencyTable = config.idempotencyTableName;
    this.#hashPhone = config.hashPhone;
    this.#now = config.now ?? (() => new Date());
  }

  async #caseItem(c: Case): Promise<Record<string, unknown>> {
    const phoneHash = c.contact?.phone ? await this.#hashPhone(c.contact.phone) : undefined;
    return caseItem(c, phoneHash);
  }

  #eventPut(e: CaseEvent): TransactItem {
    return {
      Put: {
        TableName: this.#table,
        Item: { ...eventKey(e.caseId, e.at, e.eventId), entity: 'CaseEvent', ...e },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** Keyed by the intent's own event: one change may emit several events, each with its intents. */
  /** Overwrites an existing event (never creates one: a rewrite of a missing event fails). */
  #eventRewrite(e: CaseEvent): TransactItem {
    return {
      Put: {
        TableName: this.#table,
        Item: { ...eventKey(e.caseId, e.at, e.eventId), entity: 'CaseEvent', ...e },
        ConditionExpression: 'attribute_exists(pk)',
      },
    };
  }

  #outboxPut(caseId: string, intent: OutboxIntent): TransactItem {
    return { Put: { TableName: this.#table, Item: outboxItem(caseId, intent, this.#now()) } };
  }

  /**
   * Creates a case in ONE transaction: the case, its tracking-number uniqueness item,
   * the first timeline event, the outbox intents and (optionally) the idempotency
   * record. Either all of it exists afterwards or none of it does.
   */
  /** The items that bring a new case into existence: case, tracking number, first event, intents. */
  async #newCaseItems(input: {
    case: Case;
    events: CaseEvent[];
    intents: OutboxIntent[];
  }): Promise<TransactItem[]> {
    const c = input.case;
    return [
      {
        Put: {
          TableName: this.#table,
          Item: await this.#caseItem(c),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.#table,
          Item: { ...trackingKey(c.trackingNo), entity: 'TrackingNumber', caseId: c.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...input.events.map((e) => this.#eventPut(e)),
      ...input.intents.map((i) => this.#outboxPut(c.id, i)),
    ];
  }

  async create(input: NewCase): Promise<CreateCaseResult> {
    const c = input.case;
    const items = await this.#newCaseItems({
      case: c,
      events: [input.event, ...(input.followingEvents ?? [])],
      intents: input.intents,
    });
    const subscribeTo = input.subscribeTo;
    const masterCheckIndex = items.length;
    if (subscribeTo) {
      const { subscription, masterOpenStatuses } = subscribeTo;
      const open = Object.fromEntries(masterOpenStatuses.map((status, i) => [`:open${i}`, status]));
      items.push(
        {
          ConditionCheck: {
            TableName: this.#table,
            Key: caseKey(subscription.masterCaseId),
            ConditionExpression: `attribute_exists(pk) AND #status IN (${Object.keys(open).join(', ')})`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: open,
          },
        },
        { Put: { TableName: this.#table, Item: caseSubscriberItem(subscription) } },
      );
    }
    const quotaIndex = items.length;
    const phone = input.phoneQuota ? c.contact?.phone : undefined;
    if (input.phoneQuota && phone) {
      items.push({
        Update: {
          TableName: this.#table,
          Key: phoneQuotaKey(await this.#hashPhone(phone), cityDate(new Date(c.createdAt))),
          UpdateExpression: 'ADD #n :one SET expiresAt = if_not_exists(expiresAt, :expires)',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
          ExpressionAttributeNames: { '#n': 'count' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': input.phoneQuota.perDay,
            ':expires': epochSeconds(new Date(c.createdAt)) + 2 * 86_400,
          },
        },
      });
    }
    const claim = input.idempotency;
    const reference = input.externalReference;
    if (reference) {
      items.push({
        Put: {
          TableName: this.#table,
          Item: {
            ...externalReferenceKey(reference.tenantId, reference.system, reference.id),
            entity: 'ExternalReference',
            caseId: c.id,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    const referenceIndex = items.length - 1;
    if (claim) {
      const now = epochSeconds(this.#now());
      items.push({
        Put: {
          TableName: this.#idempotencyTable,
          Item: {
            ...idempotencyKey(claim.operation, claim.key),
            caseId: c.id,
            requestHash: claim.requestHash,
            expiresAt: now + claim.ttlSeconds,
          },
          // DynamoDB Local never runs TTL deletion, so an expired claim must not block a new one.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': now },
        },
      });
    }
    try {
      await this.#doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { outcome: 'created', case: c };
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
      if (claim && failed(items.length - 1)) return this.#replay(claim);
      if (reference && failed(referenceIndex)) {
        const existing = await this.findCaseByExternalReference(
          reference.tenantId,
          reference.system,
          reference.id,
        );
        if (!existing) throw new Error(`external reference ${reference.system} points at a missing case`);
        return { outcome: 'replayed', case: existing };
      }
      if (failed(1)) throw new TrackingNumberTakenError(c.trackingNo);
      if (phone && failed(quotaIndex)) throw new PhoneQuotaExceededError();
      if (subscribeTo && failed(masterCheckIndex))
        throw new MasterCaseNotOpenError(subscribeTo.subscription.masterCaseId);
      throw err;
    }
  }

  async #replay(claim: IdempotencyClaim): Promise<CreateCaseResult> {
    const { Item } = await this.#doc.send(
      new GetCommand({
        TableName: this.#idempotencyTable,
        Key: idempotencyKey(claim.operation, claim.key),
        ConsistentRead: true,
      }),
    );
    if (!Item || Item.requestHash !== claim.requestHash) throw new IdempotencyKeyReusedError(claim.key);
    const existing = await this.getCase(String(Item.caseId));
    if (!existing) throw new Error(`idempotency record points at missing case ${String(Item.caseId)}`);
    return { outcome: 'replayed', case: existing };
  }

  /** The case a tenant filed under another system's reference, if any. */
  async findCaseByExternalReference(tenantId: string, system: string, id: string): Promise<Case | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({
        TableName: this.#table,
        Key: externalReferenceKey(tenantId, system, id),
        ConsistentRead: true,
      }),
    );
    return Item ? this.getCase(String(Item.caseId)) : undefined;
  }

  async findCaseIdByTrackingNo(trackingNo: string): Promise<string | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: trackingKey(trackingNo) }),
    );
    return Item ? String(Item.caseId) : undefined;
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: caseKey(caseId), ConsistentRead: true }),
    );
    return Item ? Case.parse(stripStorage(Item)) : undefined;
  }

  /** The case and its whole timeline in one query (outbox items sort after `F` and are skipped). */
  async getCaseWithTimeline(caseId: string): Promise<{ case: Case; events: CaseEvent[] } | undefined> {
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
    const [head, ...rest] = items;
    if (head?.entity !== 'Case') return undefined;
    return {
      case: Case.parse(stripStorage(head)),
      events: rest.filter((i) => i.entity === 'CaseEvent').map((i) => CaseEvent.parse(stripStorage(i))),
    };
  }

  /**
   * Recomputes the index attributes of every stored case (after an index was added).
   * Each rewrite is conditional on the version it read, so a concurrent change wins
   * (and has written current index keys itself).
   */
  async reindexAll(): Promise<number> {
    let count = 0;
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: 'entity = :case',
          ExpressionAttributeValues: { ':case': 'Case' },
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) {
        const c = Case.parse(stripStorage(item));
        try {
          await this.#doc.send(
            new PutCommand({
              TableName: this.#table,
              Item: await this.#caseItem(c),
              ConditionExpression: '#v = :v',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':v': c.version },
            }),
          );
          count++;
        } catch (err) {
          if (!(err instanceof ConditionalCheckFailedException)) throw err;
        }
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return count;
  }

  /**
   * A tenant's cases (those it owns now), newest first, a page at a time. The cursor is
   * opaque to callers: the base64url of DynamoDB's LastEvaluatedKey.
   */
  async listTenantCases(
    tenantId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ cases: Case[]; nextCursor?: string }> {
    const result = await this.#doc.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': `OWNER#${tenantId}` },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.cursor ? { ExclusiveStartKey: decodeCursor(page.cursor, 'gsi4', `OWNER#${tenantId}`) } : {}),
      }),
    );
    return {
      cases: (result.Items ?? []).map((i) => Case.parse(stripStorage(i))),
      ...(result.LastEvaluatedKey ? { nextCursor: encodeCursor(result.LastEvaluatedKey) } : {}),
    };
  }

  /**
   * Appends timeline events that do not change the case (comments), exactly once per
   * client-chosen key: a retried request finds the key taken and reports a replay.
   */
  async appendOnce(
    caseId: string,
    onceKey: string,
    events: CaseEvent[],
    intents: OutboxIntent[],
  ): Promise<'appended' | 'replayed'> {
    const eventId = events[0]?.eventId ?? onceKey;
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.#table,
          Item: { pk: caseKey(caseId).pk, sk: `ONCE#${onceKey}`, entity: 'OnceMarker', eventId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...events.map((e) => this.#eventPut(e)),
      ...intents.map((i) => this.#outboxPut(caseId, i)),
    ];
    try {
      await this.#doc.send(new TransactWriteCommand({ TransactItems: items }));
      return 'appended';
    } catch (err) {
      if (
        err instanceof TransactionCanceledException &&
        err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return 'replayed';
      throw err;
    }
  }

  /**
   * A work queue: the open cases of a department (gsi1) or of a whole tenant (gsi5),
   * by priority then SLA due time, with optional filters. Filters run server-side
   * after the key condition, so a page may need several reads; the cursor is built
   * from the last case returned, so no case is skipped when a read yields more than
   * the page holds.
   */
  async listQueue(query: QueueQuery): Promise<{ cases: Case[]; nextCursor?: string }> {
    const byDepartment = query.departmentCode !== undefined;
    const index = byDepartment ? 'gsi1' : 'gsi5';
    const partition = byDepartment
      ? `QUEUE#${query.tenantId}#${query.departmentCode}`
      : `TQUEUE#${query.tenantId}`;
    const names: Record<string, string> = { '#pk': `${index}pk` };
    const values: Record<string, unknown> = { ':pk': partition };
    const filters: string[] = [];
    const equals = (attribute: string, value: string | undefined, path = [attribute]) => {
      if (value === undefined) return;
      for (const part of path) names[`#${part}`] = part;
      values[`:${attribute}`] = value;
      filters.push(`${path.map((p) => `#${p}`).join('.')} = :${attribute}`);
    };
    equals('workTypeCode', query.workTypeCode);
    equals('channel', query.channel);
    equals('neighbourhood', query.neighbourhood, ['location', 'neighbourhood']);
    equals('assigneeId', query.assigneeId, ['assignee', 'id']);
    if (query.statuses?.length) {
      names['#status'] = 'status';
      const placeholders = query.statuses.map((status, i) => {
        values[`:status${i}`] = status;
        return `:status${i}`;
      });
      filters.push(`#status IN (${placeholders.join(', ')})`);
    }
    if (query.dueBefore) {
      names['#due'] = 'slaDueAt';
      values[':dueBefore'] = query.dueBefore;
      filters.push('#due < :dueBefore');
    }
    const cases: Case[] = [];
    let startKey = query.cursor ? decodeCursor(query.cursor, index, partition) : undefined;
    let more = true;
    // Bounded work per request: a very selective filter returns a short page and a cursor.
    for (let reads = 0; reads < MAX_QUEUE_READS && more && cases.length < query.limit; reads++) {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: index,
          KeyConditionExpression: '#pk = :pk',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          Limit: QUEUE_READ_SIZE,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      const items = page.Items ?? [];
      const room = query.limit - cases.length;
      cases.push(...items.slice(0, room).map((item) => Case.parse(stripStorage(item))));
      // The page held more matches than fit: resume right after the last one returned.
      const last = items[room - 1];
      startKey = items.length > room && last ? indexKeyOf(last, index) : page.LastEvaluatedKey;
      more = startKey !== undefined;
    }
    return { cases, ...(startKey ? { nextCursor: encodeCursor(startKey) } : {}) };
  }

  /**
   * Saves a state change with optimistic locking: the write succeeds only if the
   * stored version is still `before.version`, and `after.version` must be the next one.
   */
  async saveTransition(t: CaseTransition): Promise<void> {
    if (t.after.version !== t.before.version + 1)
      throw new Error('a transition must bump the version by one');
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.#table,
          Item: await this.#caseItem(t.after),
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':expected': t.before.version },
        },
      },
      ...t.events.map((e) => this.#eventPut(e)),
      ...t.intents.map((i) => this.#outboxPut(t.after.id, i)),
      ...(t.extraItems ?? []),
    ];
    // A transaction holds 100 items: rewrites beyond that go first, on their own (idempotent overwrites).
    const rewrites = (t.rewrittenEvents ?? []).map((e) => this.#eventRewrite(e));
    const room = Math.max(0, MAX_TRANSACTION_ITEMS - items.length - 10 * (t.newCases?.length ?? 0));
    for (let i = room; i < rewrites.length; i += MAX_TRANSACTION_ITEMS)
      await this.#doc.send(
        new TransactWriteCommand({ TransactItems: rewrites.slice(i, i + MAX_TRANSACTION_ITEMS) }),
      );
    items.push(...rewrites.slice(0, room));
    const childStarts: number[] = [];
    for (const child of t.newCases ?? []) {
      childStarts.push(items.length);
      items.push(...(await this.#newCaseItems(child)));
    }
    try {
      await this.#doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const failed = (i: number) => err.CancellationReasons?.[i]?.Code === 'ConditionalCheckFailed';
      if (failed(0)) throw new VersionConflictError(t.after.id);
      // A child's tracking number was taken (1 in 10^11): the caller retries with new numbers.
      const taken = t.newCases?.find((_, n) => failed((childStarts[n] ?? 0) + 1));
      if (taken) throw new TrackingNumberTakenError(taken.case.trackingNo);
      throw err;
    }
  }
}

/** Thrown for a cursor the client altered or invented: the API answers 400. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * A cursor back into a start key: exactly the index's and the table's keys, inside the
 * partition being read. DynamoDB refuses any other start key with a ValidationException,
 * which would surface as a 500 (the fuzzing suite found it).
 */
function decodeCursor(cursor: string, index: string, partition: string): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const valid =
      typeof key === 'object' &&
      key !== null &&
      Object.entries(key).every(([k, v]) => /^(pk|sk|gsi\d+(pk|sk))$/.test(k) && typeof v === 'string');
    if (!valid) throw new Error('bad cursor');
    if (index) {
      const record = key as Record<string, string>;
      const expected = ['pk', 'sk', `${index}pk`, `${index}sk`];
      const names = Object.keys(record);
      if (names.length !== expected.length || !expected.every((n) => n in record))
        throw new Error('bad cursor');
      if (partition !== undefined && record[`${index}pk`] !== partition) throw new Error('bad cursor');
    }
    return key as Record<string, unknown>;
  } catch {
    throw new InvalidCursorError();
  }
}

/**
 * The case repository as every function and tool builds it: table names from the
 * environment, and the PII key fetched on the first write only, so read-only callers
 * never need access to it.
 */
export function caseRepositoryFromEnvironment(
  piiKey: SecretLocation,
  doc: DynamoDBDocumentClient = createDocumentClient(),
): CaseRepository {
  let hasher: Promise<(value: string) => string> | undefined;
  return new CaseRepository({
    doc,
    mainTableName: requireEnv(mainTable.envVar),
    idempotencyTableName: requireEnv(idempotencyTable.envVar),
    hashPhone: async (e164) => {
      hasher ??= loadSecret(piiKey).then(createPiiHasher);
      return (await hasher)(e164);
    },
  });
}
