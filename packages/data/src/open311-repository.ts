import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Case } from '@citydesk/domain';
import { UPLOAD_STATE_TAG } from './attachment-store.ts';
import { mainTable } from './table-definitions.ts';

/*
 * The reads Open311 needs beyond the case repository's: a jurisdiction's requests by
 * the time they were filed (GET requests) and the requests that changed in a window
 * (servicerequestupdates). Both read the owner index (gsi4, `OWNER#<tenant>` sorted by
 * creation time), so a jurisdiction sees the cases its tenant owns. Plus the one
 * server-side upload: a photo an Open311 client posts with its request.
 */

/** Key and index attributes never leave the data layer. */
const STORAGE_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'entity',
  ...mainTable.globalIndexes.flatMap((g) => [g.partitionKey.name, g.sortKey.name]),
]);
const toCase = (item: Record<string, unknown>) =>
  Case.parse(Object.fromEntries(Object.entries(item).filter(([k]) => !STORAGE_ATTRIBUTES.has(k))));

export class Open311Repository {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(doc: DynamoDBDocumentClient, mainTableName: string) {
    this.#doc = doc;
    this.#table = mainTableName;
  }

  /**
   * A tenant's cases filed between `from` and `to` (ISO, inclusive), newest first, at
   * most `limit` after `keep` filtered them (service code, status).
   */
  async casesFiledBetween(
    tenantId: string,
    from: string,
    to: string,
    limit: number,
    keep: (c: Case) => boolean = () => true,
  ): Promise<Case[]> {
    const found: Case[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': `OWNER#${tenantId}`, ':from': from, ':to': `${to}~` },
          ScanIndexForward: false,
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) {
        const c = toCase(item);
        if (keep(c)) found.push(c);
        if (found.length >= limit) return found;
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return found;
  }

  /**
   * A tenant's cases that changed at or after `since` and were filed by `until`: the
   * only ones that can hold a public timeline entry in that window. Reads the tenant's
   * whole owner partition (a filter, not a key condition: the index is by creation).
   */
  async casesChangedSince(tenantId: string, since: string, until: string): Promise<Case[]> {
    const found: Case[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: 'gsi4',
          KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk <= :until',
          FilterExpression: 'updatedAt >= :since',
          ExpressionAttributeValues: { ':pk': `OWNER#${tenantId}`, ':until': `${until}~`, ':since': since },
          ExclusiveStartKey: cursor,
        }),
      );
      found.push(...(page.Items ?? []).map(toCase));
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return found;
  }
}

/**
 * Stores a file an Open311 client posted with its request, already checked by the
 * caller (type from its bytes, size). Tagged `pending` like a browser upload: the
 * caller marks it confirmed once the case holding it exists, so a photo whose case was
 * never filed expires with the bucket's lifecycle rule instead of staying for ever.
 */
export async function putCheckedAttachment(
  s3: S3Client,
  bucket: string,
  object: { key: string; bytes: Uint8Array; contentType: string },
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: object.key,
      Body: object.bytes,
      ContentType: object.contentType,
      Tagging: `${UPLOAD_STATE_TAG}=pending`,
    }),
  );
}
