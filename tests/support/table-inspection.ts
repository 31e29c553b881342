import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';

/** Direct access to the local DynamoDB for assertions (tests only; the product goes through repositories). */
export function testDocumentClient(): DynamoDBDocumentClient {
  const e = inject('endpoints');
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: e.dynamodbEndpoint,
      region: e.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}

export function mainTableName(): string {
  const name = inject('endpoints').tables.main;
  if (!name) throw new Error('no main table in endpoints');
  return name;
}

/** Counts items of one entity type in the main table (a full scan: test data is small). */
export async function countEntities(doc: DynamoDBDocumentClient, entity: string): Promise<number> {
  let count = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: mainTableName(),
        FilterExpression: 'entity = :e',
        ExpressionAttributeValues: { ':e': entity },
        Select: 'COUNT',
        ExclusiveStartKey: cursor,
      }),
    );
    count += page.Count ?? 0;
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return count;
}

export async function casePartition(doc: DynamoDBDocumentClient, caseId: string) {
  const { Items } = await doc.send(
    new QueryCommand({
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
    }),
  );
  return Items ?? [];
}
