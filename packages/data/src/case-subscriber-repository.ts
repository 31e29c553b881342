import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CaseSubscriber } from '@citydesk/domain';
import { caseKey } from './case-keys.ts';

/*
 * Subscribers of a master case (domain case-subscribers.ts): one item per subscriber
 * in the master's partition under `SUB#` (after `F`, so the case-with-timeline query
 * never reads them). Written only in the transaction that closes the duplicate
 * (CaseRepository.create with `subscribeTo`), so a subscription exists exactly when
 * its duplicate does.
 */

export const caseSubscriberKey = (masterCaseId: string, subscriberCaseId: string) => ({
  pk: caseKey(masterCaseId).pk,
  sk: `SUB#${subscriberCaseId}`,
});

/** The stored item of a subscription: only ids and a time, no personal data. */
export function caseSubscriberItem(s: CaseSubscriber): Record<string, unknown> {
  return { ...caseSubscriberKey(s.masterCaseId, s.subscriberCaseId), entity: 'CaseSubscriber', ...s };
}

/** A master case holds at most this many subscribers worth telling one by one. */
export const MAX_CASE_SUBSCRIBERS = 500;

export class CaseSubscriberRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /** A master's subscribers, oldest subscription first (by id, which sorts by time). */
  async list(masterCaseId: string): Promise<CaseSubscriber[]> {
    const out: CaseSubscriber[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sub)',
          ExpressionAttributeValues: { ':pk': caseKey(masterCaseId).pk, ':sub': 'SUB#' },
          ConsistentRead: true,
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
        out.push(CaseSubscriber.parse(rest));
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor && out.length < MAX_CASE_SUBSCRIBERS);
    return out.slice(0, MAX_CASE_SUBSCRIBERS);
  }
}
