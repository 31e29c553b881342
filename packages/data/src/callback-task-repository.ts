import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type CallbackOutcome, CallbackTask, type CallbackTaskStatus } from '@citydesk/domain';

/*
 * Call-back tasks: a citizen who chose "call me back" is called by an agent of the
 * tenant that holds the case. One item per task (pk `CALLBACK#<id>`), listed per
 * tenant newest first through gsi4 (`CALLBACKS#<tenant>`). The id is derived from the
 * notification's dedupe key, so a redelivered message finds its task already there.
 * No personal data: the agent opens the case for the number.
 */

const key = (taskId: string) => ({ pk: `CALLBACK#${taskId}`, sk: '#TASK' });

/** A task id from a dedupe key: stable, URL-safe, and not the key itself (which holds a hash of the phone). */
export function callbackTaskId(dedupeKey: string): string {
  return createHash('sha256').update(dedupeKey).digest('base64url').slice(0, 22);
}

export class CallbackTaskNotFoundError extends Error {
  override name = 'CallbackTaskNotFoundError';
}
export class CallbackTaskClosedError extends Error {
  override name = 'CallbackTaskClosedError';
}

const STORAGE = new Set(['pk', 'sk', 'entity', 'gsi4pk', 'gsi4sk']);
const parse = (item: Record<string, unknown>) =>
  CallbackTask.parse(Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE.has(k))));

export class CallbackTaskRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /** Creates the task once; a repeat with the same id returns the stored one. */
  async createOnce(task: CallbackTask): Promise<{ task: CallbackTask; replayed: boolean }> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...key(task.id),
            entity: 'CallbackTask',
            gsi4pk: `CALLBACKS#${task.tenantId}`,
            gsi4sk: `${task.createdAt}#${task.id}`,
            ...task,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { task, replayed: false };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const existing = await this.get(task.id);
      if (!existing) throw err;
      return { task: existing, replayed: true };
    }
  }

  async get(taskId: string): Promise<CallbackTask | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: key(taskId), ConsistentRead: true }),
    );
    return Item ? parse(Item) : undefined;
  }

  /** A tenant's tasks with one status, newest first. */
  async list(tenantId: string, status: CallbackTaskStatus, limit: number): Promise<CallbackTask[]> {
    const out: CallbackTask[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi4pk = :pk',
          FilterExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':pk': `CALLBACKS#${tenantId}`, ':s': status },
          ScanIndexForward: false,
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) out.push(parse(item));
      cursor = page.LastEvaluatedKey;
    } while (cursor && out.length < limit);
    return out.slice(0, limit);
  }

  /** Marks an open task done; completing it twice is refused (the first agent's outcome stands). */
  async complete(
    taskId: string,
    input: { by: string; outcome: CallbackOutcome; note?: string; at: Date },
  ): Promise<CallbackTask> {
    try {
      const { Attributes } = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: key(taskId),
          UpdateExpression: `SET #s = :done, completedAt = :at, completedBy = :by, outcome = :o${input.note ? ', note = :n' : ''}`,
          ConditionExpression: 'attribute_exists(pk) AND #s = :open',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':done': 'done',
            ':open': 'open',
            ':at': input.at.toISOString(),
            ':by': input.by,
            ':o': input.outcome,
            ...(input.note ? { ':n': input.note } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return parse(Attributes ?? {});
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      if (await this.get(taskId)) throw new CallbackTaskClosedError(taskId);
      throw new CallbackTaskNotFoundError(taskId);
    }
  }
}
