import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Case, CaseEvent } from '@citydesk/domain';
import { type AuditRecord, auditItem } from './audit-repository.ts';
import { caseItem, eventKey, retentionPartition } from './case-keys.ts';

/** A case the retention index says is due: its id and when it closed. */
export interface RetentionCandidate {
  caseId: string;
  closedAt: string;
}

/** One anonymisation as the retention job records it: the change, its timeline event, its audit record. */
export interface RetentionAnonymisation {
  before: Case;
  /** `anonymiseCase(before)`: no contact, no address, no description, version + 1. */
  after: Case;
  event: CaseEvent;
  audit: AuditRecord;
  /** `anonymiseTimeline(events)`: the existing events with their free text removed. */
  rewrittenEvents?: CaseEvent[];
}

/** Items one query page reads: the job handles a page before it asks for the next. */
const PAGE_SIZE = 100;

/** `2026-11` for a date. */
const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** Every month from `from` (`yyyy-mm`) up to and including `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > to) return months;
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/**
 * The retention job's access to the table (KVKK storage limitation, docs/security.md
 * §5). Candidates come from the sparse retention partitions of gsi6 (closed and
 * cancelled cases still holding personal data, by closure month), so a run reads
 * only the months it needs and never scans the table. Each anonymisation is one
 * transaction: the case (conditional on the version read and on not being
 * anonymised yet), its `anonymised` timeline event and its audit record. A retried
 * or concurrent run therefore anonymises a case and records it exactly once.
 */
export class RetentionRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, tableName: string) {
    this.#doc = doc;
    this.#table = tableName;
  }

  /**
   * The city's cases that closed (or were cancelled) before `closedBefore` and still
   * hold personal data, oldest month first, a page at a time. `fromMonth` (`yyyy-mm`)
   * is the earliest closure month to look at: the month the city started using the
   * platform, or earlier. The index is eventually consistent: callers re-read each
   * case before changing it.
   */
  async *candidates(
    cityId: string,
    options: { closedBefore: Date; fromMonth: string },
  ): AsyncGenerator<RetentionCandidate[]> {
    const before = options.closedBefore.toISOString();
    for (const month of monthsBetween(options.fromMonth, monthOf(options.closedBefore))) {
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await this.#doc.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: 'gsi6',
            // Sort keys are `<closure ISO time>#<id>`; ISO times of one format compare as strings.
            KeyConditionExpression: 'gsi6pk = :pk AND gsi6sk < :before',
            ExpressionAttributeValues: { ':pk': retentionPartition(cityId, month), ':before': before },
            ProjectionExpression: 'id, gsi6sk',
            Limit: PAGE_SIZE,
            ...(cursor ? { ExclusiveStartKey: cursor } : {}),
          }),
        );
        const candidates = (page.Items ?? []).map((item) => ({
          caseId: String(item.id),
          closedAt: String(item.gsi6sk).split('#')[0] ?? '',
        }));
        if (candidates.length) yield candidates;
        cursor = page.LastEvaluatedKey;
      } while (cursor);
    }
  }

  /**
   * Saves an anonymisation with its timeline event and audit record in one
   * transaction. `conflict`: the case changed since it was read (reopened, erased by
   * an administrator, anonymised by a concurrent run); nothing was written.
   */
  async anonymise(input: RetentionAnonymisation): Promise<'anonymised' | 'conflict'> {
    const { before, after, event, audit } = input;
    // The case, its event and audit record take 3 of a transaction's 100 items.
    const rewrites = (input.rewrittenEvents ?? []).map((e) => ({
      Put: {
        TableName: this.#table,
        Item: { ...eventKey(e.caseId, e.at, e.eventId), entity: 'CaseEvent', ...CaseEvent.parse(e) },
        ConditionExpression: 'attribute_exists(pk)',
      },
    }));
    for (let i = 97; i < rewrites.length; i += 100)
      await this.#doc.send(new TransactWriteCommand({ TransactItems: rewrites.slice(i, i + 100) }));
    if (after.version !== before.version + 1 || !after.anonymisedAt || after.contact) {
      throw new Error('retention: `after` must be the anonymised next version of `before`');
    }
    try {
      await this.#doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                // No contact is left, so no citizen-history (HMAC) key: the index entry goes too.
                Item: caseItem(after, undefined),
                ConditionExpression: '#v = :expected AND attribute_not_exists(anonymisedAt)',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':expected': before.version },
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: {
                  ...eventKey(event.caseId, event.at, event.eventId),
                  entity: 'CaseEvent',
                  ...CaseEvent.parse(event),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.#table,
                Item: auditItem(audit),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...rewrites.slice(0, 97),
          ],
        }),
      );
      return 'anonymised';
    } catch (err) {
      if (
        err instanceof TransactionCanceledException &&
        err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return 'conflict';
      }
      throw err;
    }
  }
}
