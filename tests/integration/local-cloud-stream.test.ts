import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mainTable } from '@citydesk/data';
import {
  ensureTable,
  type LocalCloud,
  pollUntil,
  startLocalCloud,
  startStreamPoller,
} from '@citydesk/local-cloud';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The DynamoDB Streams event-source mapping against real DynamoDB Local, on a
 * table of its own built from the main table's definition (stream included), so
 * the manifest's dispatcher is not involved.
 */

let cloud: LocalCloud;
let dynamodb: DynamoDBClient;
let workDir: string;
const tableName = 'lc-test-stream';

beforeAll(async () => {
  cloud = await startLocalCloud({ ports: 'random', seed: false, consumers: false, log: () => {} });
  dynamodb = new DynamoDBClient({
    endpoint: cloud.endpoints.dynamodbEndpoint,
    region: cloud.endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(dynamodb, mainTable, tableName);
  workDir = mkdtempSync(join(tmpdir(), 'citydesk-stream-test-'));
});

afterAll(async () => {
  dynamodb?.destroy();
  await cloud?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const put = (pk: string, extra: Record<string, { S: string }> = {}) =>
  dynamodb.send(
    new PutItemCommand({
      TableName: tableName,
      Item: { pk: { S: pk }, sk: { S: 'CASE' }, title: { S: `case ${pk}` }, ...extra },
    }),
  );

describe('local DynamoDB Streams event-source mapping', () => {
  it('delivers an INSERT with NewImage and resumes from its checkpoint after a restart', async () => {
    const checkpointFile = join(workDir, 'checkpoint.json');
    const received: DynamoDBRecord[] = [];
    const handler = async (event: DynamoDBStreamEvent) => {
      received.push(...event.Records);
    };
    const first = startStreamPoller({
      tableName,
      handler,
      batchSize: 10,
      maxRetryAttempts: 2,
      checkpointFile,
      dynamodb,
    });
    await put('CASE#1');
    const insert = await pollUntil('the INSERT record', () =>
      received.find((r) => r.dynamodb?.Keys?.pk?.S === 'CASE#1'),
    );
    expect(insert).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      awsRegion: cloud.endpoints.region,
      dynamodb: {
        Keys: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } },
        NewImage: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' }, title: { S: 'case CASE#1' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(insert.eventSourceARN).toContain(`table/${tableName}/stream/`);
    expect(insert.dynamodb?.SequenceNumber).toMatch(/^\d+$/);
    expect(typeof insert.dynamodb?.ApproximateCreationDateTime).toBe('number');
    await pollUntil('the checkpoint to be written', () => {
      try {
        return readFileSync(checkpointFile, 'utf8').includes(insert.dynamodb?.SequenceNumber ?? '-');
      } catch {
        return false;
      }
    });
    await first.stop();

    // Written while no poller runs; a restart must deliver it, and only it.
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } },
        UpdateExpression: 'SET title = :t',
        ExpressionAttributeValues: { ':t': { S: 'renamed' } },
      }),
    );
    const afterRestart: DynamoDBRecord[] = [];
    const second = startStreamPoller({
      tableName,
      batchSize: 10,
      checkpointFile,
      dynamodb,
      handler: async (event) => {
        afterRestart.push(...event.Records);
      },
    });
    const modify = await pollUntil('the MODIFY record after restart', () =>
      afterRestart.find((r) => r.eventName === 'MODIFY'),
    );
    await second.stop();
    expect(modify.dynamodb?.OldImage?.title).toEqual({ S: 'case CASE#1' });
    expect(modify.dynamodb?.NewImage?.title).toEqual({ S: 'renamed' });
    expect(afterRestart.some((r) => r.eventName === 'INSERT' && r.dynamodb?.Keys?.pk?.S === 'CASE#1')).toBe(
      false,
    );
  });

  it('retries a failing record, then records it in the failure file and moves on', async () => {
    const failureFile = join(workDir, 'stream-failures.jsonl');
    let poisonAttempts = 0;
    const delivered: string[] = [];
    const poller = startStreamPoller({
      tableName,
      batchSize: 10,
      maxRetryAttempts: 1,
      failureFile,
      checkpointFile: join(workDir, 'checkpoint-failures.json'),
      dynamodb,
      handler: async (event) => {
        const failures: { itemIdentifier: string }[] = [];
        for (const record of event.Records) {
          const pk = record.dynamodb?.Keys?.pk?.S ?? '';
          if (pk === 'CASE#POISON') {
            poisonAttempts++;
            failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
          } else {
            delivered.push(pk);
          }
        }
        return { batchItemFailures: failures };
      },
    });
    await put('CASE#POISON');
    await put('CASE#AFTER');
    const failures = await pollUntil('the failure file entry', () => {
      try {
        return readFileSync(failureFile, 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>);
      } catch {
        return undefined;
      }
    });
    // The shard is not stuck behind the poison record: later writes still arrive.
    await put('CASE#LATER');
    await pollUntil('a record written after the give-up', () => delivered.includes('CASE#LATER'));
    await poller.stop();
    expect(delivered).toContain('CASE#AFTER');
    expect(poisonAttempts).toBeGreaterThanOrEqual(2);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted' },
      DDBStreamBatchInfo: { batchSize: 1 },
      keys: [{ pk: { S: 'CASE#POISON' }, sk: { S: 'CASE' } }],
    });
  });
});
