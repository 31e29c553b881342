import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Case } from '@citydesk/domain';
import { mainTable } from './table-definitions.ts';

/*
 * Read-only case lookups of the call-centre console: a caller's history by the keyed
 * hash of their phone number (gsi2 `CITIZEN#<hash>`; the raw number is never
 * indexed), and the cases filed in a geohash-5 cell since a time (gsi3
 * `GEO#<cell>`), for duplicate detection. Both indexes project the whole case.
 */

/** Key and index attributes: storage concerns that never leave the repository. */
const STORAGE_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'entity',
  ...mainTable.globalIndexes.flatMap((g) => [g.partitionKey.name, g.sortKey.name]),
]);
const toCase = (item: Record<string, unknown>) =>
  Case.parse(Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_ATTRIBUTES.has(k))));

/** A caller's history shows this many cases at most, newest first. */
export const MAX_CALLER_HISTORY = 50;
/** One cell yields this many recent cases at most: a duplicate check must stay quick. */
export const MAX_CELL_CASES = 300;

export class CaseLookupRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #hashPhone: ((e164: string) => string | Promise<string>) | undefined;

  constructor(config: {
    doc: DynamoDBDocumentClient;
    mainTableName: string;
    /** The same keyed hash the case repository indexes with; needed by `casesByPhone` only. */
    hashPhone?: (e164: string) => string | Promise<string>;
  }) {
    this.#doc = config.doc;
    this.#table = config.mainTableName;
    this.#hashPhone = config.hashPhone;
  }

  /** Every case filed with this phone number (E.164), newest first, up to `limit`. */
  async casesByPhone(e164: string, limit = MAX_CALLER_HISTORY): Promise<Case[]> {
    if (!this.#hashPhone) throw new Error('CaseLookupRepository: no phone hasher configured');
    const hash = await this.#hashPhone(e164);
    return this.#collect(
      {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `CITIZEN#${hash}` },
        ScanIndexForward: false,
      },
      limit,
    );
  }

  /** Cases located in a geohash-5 cell and filed at or after `since` (ISO), newest first. */
  async casesInCellSince(cell: string, since: string, limit = MAX_CELL_CASES): Promise<Case[]> {
    return this.#collect(
      {
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk >= :since',
        ExpressionAttributeValues: { ':pk': `GEO#${cell}`, ':since': since },
        ScanIndexForward: false,
      },
      limit,
    );
  }

  async #collect(
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
    limit: number,
  ): Promise<Case[]> {
    const cases: Case[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({ ...input, TableName: this.#table, Limit: limit, ExclusiveStartKey: cursor }),
      );
      for (const item of page.Items ?? []) cases.push(toCase(item));
      cursor = page.LastEvaluatedKey;
    } while (cursor && cases.length < limit);
    return cases.slice(0, limit);
  }
}
