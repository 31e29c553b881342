import { Readable } from 'node:stream';
import {
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  installSdkAccounting,
  readSdkAccounting,
  resetSdkAccounting,
  withinInvocation,
} from './sdk-accounting.ts';

/*
 * The benchmark's cost accounting against a DynamoDB client whose HTTP handler answers
 * from memory: what the request asked for (ReturnConsumedCapacity) and what is summed.
 */

const bodyText = (body: unknown) =>
  typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : '{}';

function clientAnswering(answers: Record<string, unknown>, seen: Record<string, unknown>[]) {
  return new DynamoDBClient({
    region: 'eu-central-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body?: unknown }) => {
        const operation = String(request.headers['x-amz-target']).split('.').at(-1) ?? '';
        seen.push(JSON.parse(bodyText(request.body)) as Record<string, unknown>);
        return {
          response: {
            statusCode: 200,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(JSON.stringify(answers[operation] ?? {}))]),
          },
        };
      },
    } as never,
  });
}

describe('SDK accounting', () => {
  it('asks DynamoDB for consumed capacity and sums it by kind and by handler', async () => {
    installSdkAccounting();
    resetSdkAccounting();
    const seen: Record<string, unknown>[] = [];
    const client = clientAnswering(
      {
        PutItem: { ConsumedCapacity: { TableName: 't', CapacityUnits: 3 } },
        Query: { Items: [], Count: 0, ConsumedCapacity: { TableName: 't', CapacityUnits: 0.5 } },
      },
      seen,
    );
    await withinInvocation('workers/route-case.ts', () =>
      client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' } } })),
    );
    await client.send(
      new QueryCommand({
        TableName: 't',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'a' } },
      }),
    );
    expect(seen.map((body) => body.ReturnConsumedCapacity)).toEqual(['TOTAL', 'TOTAL']);
    const totals = readSdkAccounting();
    expect(totals.writeCapacityUnits).toBe(3);
    expect(totals.readCapacityUnits).toBe(0.5);
    expect(totals.dynamodbRequests).toEqual({ PutItem: 1, Query: 1 });
    expect(totals.byHandler['workers/route-case.ts']).toEqual({
      writeUnits: 3,
      readUnits: 0,
      sqsRequests: 0,
    });
    expect(totals.byHandler['(outside handlers)']?.readUnits).toBe(0.5);
    client.destroy();
  });

  it('adds the transactional updates DynamoDB Local leaves out: 2 units per started KB of the item as last written', async () => {
    installSdkAccounting();
    resetSdkAccounting();
    // DynamoDB Local's answer: the Put items only (a 2.5 KB case item: 3 KB × 2).
    const client = clientAnswering(
      { TransactWriteItems: { ConsumedCapacity: [{ TableName: 't', CapacityUnits: 6 }] } },
      [],
    );
    const caseItem = { pk: { S: 'CASE#1' }, sk: { S: '#CASE' }, description: { S: 'x'.repeat(2500) } };
    await client.send(
      new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 't', Item: caseItem } }] }),
    );
    expect(readSdkAccounting().writeCapacityUnits).toBe(6);
    const update = (pk: string, sk: string) => ({
      Update: {
        TableName: 't',
        Key: { pk: { S: pk }, sk: { S: sk } },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
    });
    const marker = { Put: { TableName: 't', Item: { pk: { S: 'CASE#1' }, sk: { S: 'ONCE#e' } } } };
    const answered = clientAnswering(
      { TransactWriteItems: { ConsumedCapacity: [{ TableName: 't', CapacityUnits: 2 }] } },
      [],
    );
    // The case item (known: 3 KB, 6 units) and two counter rows never seen whole (1 KB, 2 units each).
    await answered.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          marker,
          update('CASE#1', '#CASE'),
          update('AGG#c#*#ALL', 'd'),
          update('AGG#c#*#WT', 'd'),
        ],
      }),
    );
    expect(readSdkAccounting().writeCapacityUnits).toBe(6 + 2 + 6 + 2 + 2);
    client.destroy();
    answered.destroy();
  });
});
