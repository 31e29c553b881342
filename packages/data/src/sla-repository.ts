import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Case } from '@citydesk/domain';
import { slaTimingPartition } from './case-keys.ts';
import { mainTable } from './table-definitions.ts';

/** Key and index attributes are storage concerns: a case leaves the repository without them. */
const STORAGE_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'entity',
  ...mainTable.globalIndexes.flatMap((g) => [g.partitionKey.name, g.sortKey.name]),
]);

const caseOf = (item: Record<string, unknown>): Case =>
  Case.parse(Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_ATTRIBUTES.has(k))));

/** Items one query page reads: a sweep handles a page before fetching the next. */
const PAGE_SIZE = 100;

/**
 * Reads of the timing index (gsi6) for the SLA sweep. Writes go through
 * CaseRepository.saveTransition, which keeps the index keys current.
 */
export class SlaRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    this.#doc = doc;
    this.#table = tableName;
  }

  /**
   * The city's SLA-timed cases (NEW and open) due before `dueBefore` (ISO), earliest
   * first, a page at a time. The index is eventually consistent: a case changed a
   * moment ago may come back in its previous state, which the sweep's
   * version-conditional write then refuses. `exceptLevel` leaves out cases already
   * marked with that escalation level for their current due time (the top of the
   * ladder: nothing is left to do for them until they close or are re-timed).
   */
  async *casesDueBefore(
    cityId: string,
    dueBefore: string,
    options: { exceptLevel?: string } = {},
  ): AsyncGenerator<Case[]> {
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'gsi6',
          // ISO times of one format compare as strings; a due time equal to `dueBefore`
          // has the longer key `<due>#<id>` and so is (rightly) not below it.
          KeyConditionExpression: 'gsi6pk = :pk AND gsi6sk < :before',
          ...(options.exceptLevel
            ? {
                FilterExpression:
                  'attribute_not_exists(slaEscalation) OR slaEscalation.#level <> :level OR slaEscalation.dueAt <> slaDueAt',
                ExpressionAttributeNames: { '#level': 'level' },
              }
            : {}),
          ExpressionAttributeValues: {
            ':pk': slaTimingPartition(cityId),
            ':before': dueBefore,
            ...(options.exceptLevel ? { ':level': options.exceptLevel } : {}),
          },
          Limit: PAGE_SIZE,
          ...(cursor ? { ExclusiveStartKey: cursor } : {}),
        }),
      );
      const cases = (page.Items ?? []).map(caseOf);
      if (cases.length) yield cases;
      cursor = page.LastEvaluatedKey;
    } while (cursor);
  }
}
