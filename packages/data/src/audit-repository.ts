import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from './ids.ts';

/** One entry of the append-only audit trail (KVKK: who saw or did what, when, from where). */
export interface AuditRecord {
  id: string;
  at: string;
  actor: { userId: string; username?: string; tenantId: string; roles: string[] };
  action: string;
  caseId?: string;
  /** Tenants whose admins may read this record: the actor's and the case owner's. */
  tenantIds: string[];
  sourceIp?: string;
  userAgent?: string;
  details?: Record<string, unknown>;
}

/**
 * The stored item of an audit record: keyed by case (or by user when there is none)
 * and indexed by user. For writers that must put a record in the same transaction as
 * the change it records (the retention job); everyone else calls `append`.
 */
export function auditItem(record: AuditRecord): Record<string, unknown> {
  return {
    pk: `AUDIT#${record.caseId ?? `USER#${record.actor.userId}`}`,
    sk: `${record.at}#${record.id}`,
    gsi4pk: `AUDITUSER#${record.actor.userId}`,
    gsi4sk: `${record.at}#${record.id}`,
    entity: 'Audit',
    ...record,
  };
}

/**
 * The audit trail. Records are only ever put with `attribute_not_exists`: there is no
 * update or delete path in the code, and on AWS the functions' IAM policies can be
 * narrowed to PutItem on `AUDIT#` keys. Readable by case (main key) and by user (gsi4).
 */
export class AuditRepository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  async append(record: Omit<AuditRecord, 'id' | 'at'> & { at?: Date }): Promise<AuditRecord> {
    const full: AuditRecord = { ...record, id: newId(), at: (record.at ?? new Date()).toISOString() };
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: auditItem(full),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return full;
  }

  /** A case's audit trail, oldest first. */
  async byCase(caseId: string): Promise<AuditRecord[]> {
    return this.#query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${caseId}` },
    });
  }

  /** What one user did, newest first. */
  async byUser(userId: string): Promise<AuditRecord[]> {
    return this.#query({
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDITUSER#${userId}` },
      ScanIndexForward: false,
    });
  }

  async #query(
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
  ): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({ ...input, TableName: this.#table, ExclusiveStartKey: cursor }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, gsi4pk: _g, gsi4sk: _s, entity: _e, ...record } = item;
        records.push(record as AuditRecord);
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor && records.length < 1000);
    return records;
  }
}
