import { Readable } from 'node:stream';
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
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
});
