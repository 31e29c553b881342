import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type CaseEvent,
  type OutboxIntent,
  SATISFACTION_COUNTER_NAMES,
  type SatisfactionBucket,
  type SatisfactionCounters,
  type SurveyAnswers,
  type SurveyDimensions,
  SurveyFollowUp,
  SurveyRecord,
  type SurveyResponseChannel,
} from '@citydesk/domain';
import {
  satisfactionAggregateKey,
  satisfactionAggregatePartition,
  surveyDueKey,
  surveyFollowUpKey,
  surveyFollowUpPartition,
  surveyRecordKey,
  surveySchedulePartition,
  surveyTokenKey,
} from './case-keys.ts';
import { eventItem, outboxItem } from './case-repository.ts';

/*
 * Storage of satisfaction surveys (docs/domain/surveys.md, keys in ADR 0002): due
 * items on the timing index, one survey record per case, token lookup items by hash,
 * follow-ups, and the satisfaction counters. Every change that moves a counter is one
 * transaction with the state change that justifies it, conditional on the state it
 * leaves, so a counter moves exactly once per survey however often a job or a client
 * retries.
 */

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A survey that is due: written by the closing transaction (the `schedule-survey` intent). */
export interface DueSurvey {
  caseId: string;
  cityId: string;
  dueAt: string;
  closedEventId: string;
}

/** The record is not in the state the change expected: someone (or a retry) got there first. */
export class SurveyStateConflictError extends Error {
  override name = 'SurveyStateConflictError';
}
export class SurveyFollowUpDecidedError extends Error {
  override name = 'SurveyFollowUpDecidedError';
}

/** Counter increments for one bucket. */
export interface BucketIncrement {
  dimensions: SurveyDimensions;
  increments: Partial<SatisfactionCounters>;
}

/** Token lookup items outlive the link by this much, so an expired link says "expired", not "unknown". */
const TOKEN_ITEM_GRACE_SECONDS = 90 * 86_400;
const PAGE_SIZE = 100;
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

const STORAGE = new Set(['pk', 'sk', 'entity', 'gsi4pk', 'gsi4sk', 'gsi6pk', 'gsi6sk']);
const strip = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE.has(k)));

export class SurveyRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /** A city's surveys due before `now` (ISO), earliest first, a page at a time. */
  async *dueBefore(cityId: string, now: string): AsyncGenerator<DueSurvey[]> {
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'gsi6',
          KeyConditionExpression: 'gsi6pk = :pk AND gsi6sk < :now',
          ExpressionAttributeValues: { ':pk': surveySchedulePartition(cityId), ':now': now },
          Limit: PAGE_SIZE,
          ...(cursor ? { ExclusiveStartKey: cursor } : {}),
        }),
      );
      const due = (page.Items ?? []).map((i) => ({
        caseId: String(i.caseId),
        cityId: String(i.cityId),
        dueAt: String(i.dueAt),
        closedEventId: String(i.closedEventId),
      }));
      if (due.length) yield due;
      cursor = page.LastEvaluatedKey;
    } while (cursor);
  }

  /** The due item of a case, read consistently (the index may lag behind a re-close). */
  async getDue(caseId: string): Promise<DueSurvey | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: surveyDueKey(caseId), ConsistentRead: true }),
    );
    return Item
      ? {
          caseId,
          cityId: String(Item.cityId),
          dueAt: String(Item.dueAt),
          closedEventId: String(Item.closedEventId),
        }
      : undefined;
  }

  /**
   * Removes a due item that needs nothing more (the case was reopened, or already
   * surveyed), unless a new closure has rescheduled it meanwhile.
   */
  async dropDue(due: DueSurvey): Promise<void> {
    try {
      await this.#doc.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: surveyDueKey(due.caseId),
          ConditionExpression: 'dueAt = :due',
          ExpressionAttributeValues: { ':due': due.dueAt },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  }

  async getRecord(caseId: string): Promise<SurveyRecord | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: surveyRecordKey(caseId), ConsistentRead: true }),
    );
    return Item ? SurveyRecord.parse(strip(Item)) : undefined;
  }

  /** The case a token belongs to (by the token's hash), or undefined. */
  async caseIdOfToken(tokenHash: string): Promise<string | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: surveyTokenKey(tokenHash) }),
    );
    return Item ? String(Item.caseId) : undefined;
  }

  #bucketUpdate({ dimensions, increments }: BucketIncrement): TransactItem | undefined {
    const names: Record<string, string> = { '#d': 'dimensions' };
    const values: Record<string, unknown> = { ':d': dimensions, ':e': 'SatisfactionAggregate' };
    const adds: string[] = [];
    for (const n of SATISFACTION_COUNTER_NAMES) {
      const v = increments[n];
      if (!v) continue;
      names[`#${n}`] = n;
      values[`:${n}`] = v;
      adds.push(`#${n} :${n}`);
    }
    if (!adds.length) return undefined;
    return {
      Update: {
        TableName: this.#table,
        Key: satisfactionAggregateKey(dimensions),
        UpdateExpression: `SET #d = if_not_exists(#d, :d), entity = :e ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  #dueDelete(due: DueSurvey | undefined, caseId: string): TransactItem {
    return {
      Delete: {
        TableName: this.#table,
        Key: surveyDueKey(caseId),
        // The survey job removes exactly the due item it handled; a phone survey removes any.
        ...(due
          ? { ConditionExpression: 'dueAt = :due', ExpressionAttributeValues: { ':due': due.dueAt } }
          : {}),
      },
    };
  }

  #timeline(caseId: string, events: CaseEvent[], intents: OutboxIntent[], now: Date): TransactItem[] {
    return [
      ...events.map(
        (e): TransactItem => ({
          Put: {
            TableName: this.#table,
            Item: eventItem(e),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }),
      ),
      ...intents.map(
        (i): TransactItem => ({ Put: { TableName: this.#table, Item: outboxItem(caseId, i, now) } }),
      ),
    ];
  }

  async #transact(items: (TransactItem | undefined)[]): Promise<void> {
    try {
      await this.#doc.send(
        new TransactWriteCommand({ TransactItems: items.filter((i): i is TransactItem => i !== undefined) }),
      );
    } catch (err) {
      if (
        err instanceof TransactionCanceledException &&
        err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        throw new SurveyStateConflictError();
      throw err;
    }
  }

  /**
   * Records a survey the citizen cannot be sent (no contact, channel "none"): counted
   * once as eligible and not surveyed. `previous` is a not-sent record of an earlier
   * closure: then nothing is counted again.
   */
  async recordNotSent(input: {
    record: SurveyRecord;
    due: DueSurvey;
    previous: SurveyRecord | undefined;
  }): Promise<void> {
    const { record, due, previous } = input;
    await this.#transact([
      {
        Put: {
          TableName: this.#table,
          Item: { ...surveyRecordKey(record.caseId), entity: 'SurveyRecord', ...record },
          ConditionExpression: previous ? '#s = :notSent' : 'attribute_not_exists(pk)',
          ...(previous
            ? {
                ExpressionAttributeNames: { '#s': 'state' },
                ExpressionAttributeValues: { ':notSent': 'not-sent' },
              }
            : {}),
        },
      },
      previous
        ? undefined
        : this.#bucketUpdate({ dimensions: record.dimensions, increments: { notSurveyed: 1 } }),
      this.#dueDelete(due, record.caseId),
    ]);
  }

  /**
   * Records a sent survey with its token lookup item, its timeline event and the
   * `send-survey` intent, and counts it. Conditional on there being no survey yet (or
   * only a not-sent one of an earlier closure, which then stops counting as not
   * surveyed): a survey goes out once per case.
   */
  async recordSent(input: {
    record: SurveyRecord;
    due: DueSurvey;
    previous: SurveyRecord | undefined;
    events: CaseEvent[];
    intents: OutboxIntent[];
    now: Date;
  }): Promise<void> {
    const { record, due, previous } = input;
    if (!record.tokenHash || !record.validUntil)
      throw new Error('a sent survey needs its token hash and validity');
    await this.#transact([
      {
        Put: {
          TableName: this.#table,
          Item: { ...surveyRecordKey(record.caseId), entity: 'SurveyRecord', ...record },
          ConditionExpression: previous ? '#s = :notSent' : 'attribute_not_exists(pk)',
          ...(previous
            ? {
                ExpressionAttributeNames: { '#s': 'state' },
                ExpressionAttributeValues: { ':notSent': 'not-sent' },
              }
            : {}),
        },
      },
      {
        Put: {
          TableName: this.#table,
          Item: {
            ...surveyTokenKey(record.tokenHash),
            entity: 'SurveyToken',
            caseId: record.caseId,
            expiresAt: epochSeconds(record.validUntil) + TOKEN_ITEM_GRACE_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      this.#bucketUpdate({ dimensions: record.dimensions, increments: { sent: 1 } }),
      previous
        ? this.#bucketUpdate({ dimensions: previous.dimensions, increments: { notSurveyed: -1 } })
        : undefined,
      this.#dueDelete(due, record.caseId),
      ...this.#timeline(record.caseId, input.events, input.intents, input.now),
    ]);
  }

  /**
   * Stores the single response of a survey, with its counters, timeline events and
   * (for "no") the follow-up, in one transaction.
   * - Through the link (`web`): only while the record is `sent` with this token and valid.
   * - By phone: over a `sent` or `not-sent` record, or creating the record when the
   *   survey was never due yet (then it counts as sent, too); any due item goes, so
   *   the job will not send a survey already answered.
   * A lost condition throws {@link SurveyStateConflictError}: answered already (or expired).
   */
  async recordResponse(input: {
    caseId: string;
    previous: SurveyRecord | undefined;
    answered: SurveyRecord;
    via: SurveyResponseChannel;
    tokenHash?: string;
    buckets: BucketIncrement[];
    followUp?: SurveyFollowUp;
    events: CaseEvent[];
    intents: OutboxIntent[];
    now: Date;
  }): Promise<void> {
    const { caseId, previous, answered, via, now } = input;
    const key = surveyRecordKey(caseId);
    let recordWrite: TransactItem;
    if (via === 'web') {
      recordWrite = {
        Put: {
          TableName: this.#table,
          Item: { ...key, entity: 'SurveyRecord', ...answered },
          ConditionExpression: '#s = :sent AND tokenHash = :h AND validUntil > :now',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':sent': 'sent', ':h': input.tokenHash, ':now': now.toISOString() },
        },
      };
    } else if (previous) {
      recordWrite = {
        Put: {
          TableName: this.#table,
          Item: { ...key, entity: 'SurveyRecord', ...answered },
          ConditionExpression: '#s IN (:sent, :notSent)',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':sent': 'sent', ':notSent': 'not-sent' },
        },
      };
    } else {
      recordWrite = {
        Put: {
          TableName: this.#table,
          Item: { ...key, entity: 'SurveyRecord', ...answered },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
    }
    const followUp = input.followUp;
    await this.#transact([
      recordWrite,
      ...input.buckets.map((b) => this.#bucketUpdate(b)),
      via === 'phone' ? this.#dueDelete(undefined, caseId) : undefined,
      followUp
        ? {
            Put: {
              TableName: this.#table,
              Item: {
                ...surveyFollowUpKey(caseId),
                entity: 'SurveyFollowUp',
                gsi4pk: surveyFollowUpPartition(followUp.tenantId),
                gsi4sk: `${followUp.createdAt}#${caseId}`,
                ...followUp,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : undefined,
      ...this.#timeline(caseId, input.events, input.intents, now),
    ]);
  }

  async getFollowUp(caseId: string): Promise<SurveyFollowUp | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: surveyFollowUpKey(caseId), ConsistentRead: true }),
    );
    return Item ? SurveyFollowUp.parse(strip(Item)) : undefined;
  }

  /** A tenant's open follow-ups, oldest first (the longest-waiting citizen comes first). */
  async listOpenFollowUps(tenantId: string, limit: number): Promise<SurveyFollowUp[]> {
    const out: SurveyFollowUp[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi4pk = :pk',
          ExpressionAttributeValues: { ':pk': surveyFollowUpPartition(tenantId) },
          Limit: Math.min(limit, PAGE_SIZE),
          ...(cursor ? { ExclusiveStartKey: cursor } : {}),
        }),
      );
      for (const item of page.Items ?? []) out.push(SurveyFollowUp.parse(strip(item)));
      cursor = page.LastEvaluatedKey;
    } while (cursor && out.length < limit);
    return out.slice(0, limit);
  }

  /**
   * Marks an open follow-up decided and takes it off the open list. Deciding twice is
   * refused ({@link SurveyFollowUpDecidedError}): the first supervisor's decision stands.
   */
  async decideFollowUp(
    caseId: string,
    decision: Pick<SurveyFollowUp, 'decision' | 'note' | 'decidedBy' | 'decidedAt' | 'callbackTaskId'>,
  ): Promise<SurveyFollowUp> {
    const fields = Object.entries(decision).filter(([, v]) => v !== undefined);
    try {
      const { Attributes } = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: surveyFollowUpKey(caseId),
          UpdateExpression: `SET #s = :decided, ${fields.map(([k]) => `#${k} = :${k}`).join(', ')} REMOVE gsi4pk, gsi4sk`,
          ConditionExpression: 'attribute_exists(pk) AND #s = :open',
          ExpressionAttributeNames: {
            '#s': 'status',
            ...Object.fromEntries(fields.map(([k]) => [`#${k}`, k])),
          },
          ExpressionAttributeValues: {
            ':decided': 'decided',
            ':open': 'open',
            ...Object.fromEntries(fields.map(([k, v]) => [`:${k}`, v])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return SurveyFollowUp.parse(strip(Attributes ?? {}));
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new SurveyFollowUpDecidedError(caseId);
      throw err;
    }
  }

  /** A tenant's satisfaction buckets of the weeks `fromWeek` to `toWeek` (ISO weeks, inclusive). */
  async buckets(tenantId: string, fromWeek: string, toWeek: string): Promise<SatisfactionBucket[]> {
    const out: SatisfactionBucket[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          // `~` sorts after every character of a week's key, so the last week is whole.
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': satisfactionAggregatePartition(tenantId),
            ':from': fromWeek,
            ':to': `${toWeek}#~`,
          },
          ...(cursor ? { ExclusiveStartKey: cursor } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const counters = Object.fromEntries(
          SATISFACTION_COUNTER_NAMES.map((n) => [n, Number(item[n] ?? 0)]),
        ) as unknown as SatisfactionCounters;
        out.push({ dimensions: item.dimensions as SurveyDimensions, counters });
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return out;
  }
}

/** The answers as stored on the record, with when and how they came. */
export function answeredRecord(
  base: SurveyRecord,
  answers: SurveyAnswers,
  via: SurveyResponseChannel,
  now: Date,
  by?: string,
): SurveyRecord {
  return {
    ...base,
    state: 'answered',
    answers,
    answeredAt: now.toISOString(),
    answeredVia: via,
    ...(by ? { answeredBy: by } : {}),
    updatedAt: now.toISOString(),
  };
}
