import { describe, expect, it } from 'vitest';
import {
  type AttemptResult,
  deliverWithRetries,
  interpretStreamResponse,
  toDynamoDbRecord,
} from './stream-poller.ts';

const noBackoff = () => 0;

async function run(records: number[], attempt: (batch: number[]) => AttemptResult, maxRetryAttempts = 2) {
  const calls: number[][] = [];
  const commits: number[] = [];
  const gaveUp: number[][] = [];
  await deliverWithRetries(
    records,
    async (batch) => {
      calls.push(batch);
      return attempt(batch);
    },
    {
      maxRetryAttempts,
      backoffMs: noBackoff,
      commit: async (last) => {
        commits.push(last);
      },
      giveUp: async (batch) => {
        gaveUp.push(batch);
      },
    },
  );
  return { calls, commits, gaveUp };
}

describe('deliverWithRetries', () => {
  it('commits a successful batch once', async () => {
    expect(await run([1, 2, 3], () => ({ kind: 'ok' }))).toEqual({
      calls: [[1, 2, 3]],
      commits: [3],
      gaveUp: [],
    });
  });

  it('retries from the first failed record after a partial failure, isolating it', async () => {
    let failedOnce = false;
    const result = await run([1, 2, 3, 4], () => {
      if (!failedOnce) {
        failedOnce = true;
        return { kind: 'partial', failedIndex: 2 };
      }
      return { kind: 'ok' };
    });
    expect(result.calls).toEqual([[1, 2, 3, 4], [3], [4]]);
    expect(result.commits).toEqual([2, 3, 4]);
  });

  it('gives up on a record that keeps failing after maxRetryAttempts retries', async () => {
    const result = await run([1], () => ({ kind: 'partial', failedIndex: 0 }), 2);
    expect(result.calls).toEqual([[1], [1], [1]]);
    expect(result.gaveUp).toEqual([[1]]);
    expect(result.commits).toEqual([1]);
  });

  it('bisects on error, isolates the poison record and gives up on it after the retries', async () => {
    const result = await run([1, 2, 3, 4], (batch) =>
      batch.includes(3) ? { kind: 'error', error: 'x' } : { kind: 'ok' },
    );
    expect(result.gaveUp).toEqual([[3]]);
    expect(result.commits).toEqual([2, 3, 4]);
    // [1..4] → [1,2] ok; [3,4] → [3] fails 1 + 2 retries, then [4] ok.
    expect(result.calls.filter((c) => c.length === 1 && c[0] === 3)).toHaveLength(3);
  });
});

describe('interpretStreamResponse', () => {
  const seq = ['100', '200', '300'];
  it('follows ReportBatchItemFailures', () => {
    expect(interpretStreamResponse(seq, undefined)).toEqual({ kind: 'ok' });
    expect(interpretStreamResponse(seq, { batchItemFailures: [] })).toEqual({ kind: 'ok' });
    expect(
      interpretStreamResponse(seq, {
        batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '200' }],
      }),
    ).toEqual({ kind: 'partial', failedIndex: 1 });
    expect(interpretStreamResponse(seq, { batchItemFailures: [{ itemIdentifier: '999' }] }).kind).toBe(
      'error',
    );
  });
});

describe('toDynamoDbRecord', () => {
  it('produces the record Lambda delivers, binary as base64 and time in epoch seconds', () => {
    const record = toDynamoDbRecord(
      {
        eventID: 'e1',
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'ddblocal',
        dynamodb: {
          ApproximateCreationDateTime: new Date('2026-11-22T10:00:00Z'),
          Keys: { pk: { S: 'CASE#1' } },
          NewImage: {
            pk: { S: 'CASE#1' },
            blob: { B: new Uint8Array([1, 2]) },
            nested: { M: { n: { N: '1' } } },
          },
          SequenceNumber: '100',
          SizeBytes: 42,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
      'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/x',
      'eu-central-1',
    );
    expect(record).toEqual({
      eventID: 'e1',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-central-1',
      dynamodb: {
        ApproximateCreationDateTime: 1795341600,
        Keys: { pk: { S: 'CASE#1' } },
        NewImage: { pk: { S: 'CASE#1' }, blob: { B: 'AQI=' }, nested: { M: { n: { N: '1' } } } },
        SequenceNumber: '100',
        SizeBytes: 42,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/x',
    });
  });
});
