import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DeliveryRecord, type DeliveryStatus } from '@citydesk/domain';
import { caseKey } from './case-keys.ts';

/*
 * Delivery records: one per (case, event, channel, recipient), in the case's
 * partition under `NOTIFY#` (sorting after `F`, so the timeline query never reads
 * them). Every transition is a conditional write on the version read: two workers
 * holding the same message can never both claim it. notification-delivery.ts in the
 * domain has the state machine.
 */

export const deliveryKey = (caseId: string, dedupeKey: string) => ({
  pk: caseKey(caseId).pk,
  sk: `NOTIFY#${dedupeKey}`,
});

/** Someone else moved the record first: the caller re-reads and re-plans. */
export class DeliveryClaimLostError extends Error {
  override name = 'DeliveryClaimLostError';
}

const STORAGE = new Set(['pk', 'sk', 'entity']);
const strip = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE.has(k)));

export class NotificationDeliveryRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  async get(caseId: string, dedupeKey: string): Promise<DeliveryRecord | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: deliveryKey(caseId, dedupeKey), ConsistentRead: true }),
    );
    return Item ? DeliveryRecord.parse(strip(Item)) : undefined;
  }

  /**
   * Writes `next` if the stored record is still `previous` (by version), or absent
   * when `previous` is undefined. Throws {@link DeliveryClaimLostError} otherwise.
   */
  async transition(previous: DeliveryRecord | undefined, next: DeliveryRecord): Promise<DeliveryRecord> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...deliveryKey(next.caseId, next.dedupeKey), entity: 'NotificationDelivery', ...next },
          ...(previous
            ? {
                ConditionExpression: '#v = :v',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':v': previous.version },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      return next;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new DeliveryClaimLostError(next.dedupeKey);
      throw err;
    }
  }

  /** Moves a record to `status` with the given changes, conditional on its version. */
  async update(
    current: DeliveryRecord,
    status: DeliveryStatus,
    changes: Partial<
      Pick<DeliveryRecord, 'attempts' | 'providerMessageId' | 'segments' | 'lastError' | 'provider'>
    >,
    now: Date,
  ): Promise<DeliveryRecord> {
    return this.transition(current, {
      ...current,
      ...changes,
      status,
      version: current.version + 1,
      updatedAt: now.toISOString(),
    });
  }
}
