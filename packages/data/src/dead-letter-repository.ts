import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/*
 * Dead-letter notes: why a queue message died. SQS moves a message to its DLQ without
 * a word, so the queue worker wrapper (functions/src/platform/worker-handler.ts) writes
 * one note per message that failed on its last allowed receive, keyed by the queue and
 * the SQS MessageId, which SQS keeps when it moves the message. The dead-letter API and
 * CLI join the DLQ's messages to these notes. A note lives as long as the DLQ keeps a
 * message (14 days); the reason is masked before it gets here (dead-letter-reasons.ts).
 */

const PARTITION = 'DEADLETTER#';
/** The DLQs' retention (infra/lib/constructs/message-queues.ts): a note is useless after its message. */
export const DEAD_LETTER_NOTE_TTL_SECONDS = 14 * 24 * 3600;

/** Why one message died. */
export interface DeadLetterNote {
  /** The manifest queue the message failed on (its DLQ is `<queue>-dlq`). */
  queue: string;
  messageId: string;
  /** ApproximateReceiveCount of the last failed receive. */
  receiveCount: number;
  /** ISO time of the first receive: every receive of a dead message failed, so its first failure. */
  firstFailureAt: string;
  /** ISO time of the last failed receive. */
  lastFailureAt: string;
  errorName: string;
  /** Masked and at most ~300 characters. */
  errorMessage: string;
}

/** Where notes are kept: the wrapper writes, the API and CLI read. */
export interface DeadLetterNoteStore {
  record(note: DeadLetterNote): Promise<void>;
}

/** The main table's `DEADLETTER#<queue>` partitions. */
export class DeadLetterRepository implements DeadLetterNoteStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => Date;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string, now: () => Date = () => new Date()) {
    this.#doc = doc;
    this.#table = mainTableName;
    this.#now = now;
  }

  /**
   * Writes or refreshes a message's note. Idempotent: a retried invocation rewrites
   * the same key with its own last failure, and the first failure time stays the
   * earliest one written.
   */
  async record(note: DeadLetterNote): Promise<void> {
    const expiresAt = Math.floor(Date.parse(note.lastFailureAt) / 1000) + DEAD_LETTER_NOTE_TTL_SECONDS;
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: `${PARTITION}${note.queue}`, sk: note.messageId },
        UpdateExpression:
          'SET entity = :entity, queue = :queue, messageId = :messageId, receiveCount = :receiveCount, ' +
          'firstFailureAt = if_not_exists(firstFailureAt, :firstFailureAt), lastFailureAt = :lastFailureAt, ' +
          'errorName = :errorName, errorMessage = :errorMessage, expiresAt = :expiresAt',
        ExpressionAttributeValues: {
          ':entity': 'DeadLetterNote',
          ':queue': note.queue,
          ':messageId': note.messageId,
          ':receiveCount': note.receiveCount,
          ':firstFailureAt': note.firstFailureAt,
          ':lastFailureAt': note.lastFailureAt,
          ':errorName': note.errorName,
          ':errorMessage': note.errorMessage,
          ':expiresAt': expiresAt,
        },
      }),
    );
  }

  /** The notes of these messages of one queue, by message id; expired notes count as absent. */
  async notesFor(queue: string, messageIds: readonly string[]): Promise<Map<string, DeadLetterNote>> {
    const notes = new Map<string, DeadLetterNote>();
    const nowSeconds = Math.floor(this.#now().getTime() / 1000);
    const unique = [...new Set(messageIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique
        .slice(i, i + 100)
        .map((id) => ({ pk: `${PARTITION}${queue}`, sk: id }));
      // BatchGet may leave keys unprocessed under throttling: ask again for those.
      for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
        const page = await this.#doc.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of page.Responses?.[this.#table] ?? []) {
          // DynamoDB Local never deletes expired items.
          if (typeof item.expiresAt === 'number' && item.expiresAt <= nowSeconds) continue;
          notes.set(String(item.messageId), {
            queue: String(item.queue),
            messageId: String(item.messageId),
            receiveCount: Number(item.receiveCount),
            firstFailureAt: String(item.firstFailureAt),
            lastFailureAt: String(item.lastFailureAt),
            errorName: String(item.errorName),
            errorMessage: String(item.errorMessage),
          });
        }
        keys = page.UnprocessedKeys?.[this.#table]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return notes;
  }
}
