import type { DeadLetterNote, DeadLetterNoteStore } from '@citydesk/data';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';

/*
 * The queue worker wrapper's dead-letter notes: which failed records get one, and what
 * it says. The metric side of the wrapper is in invocation-observability.test.ts.
 */

vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');

const { deadLetterNote, deadLetteredRecords, queueWorker, recordFailure } = await import(
  './worker-handler.ts'
);

const FIRST_RECEIVE = Date.parse('2026-12-07T10:00:00Z');

function sqsRecord(messageId: string, receiveCount: number): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: JSON.stringify({ intent: 'route-case', caseId: `case-${messageId}` }),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(FIRST_RECEIVE - 1000),
      SenderId: 'sender',
      ApproximateFirstReceiveTimestamp: String(FIRST_RECEIVE),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:citydesk-test-routing',
    awsRegion: 'eu-central-1',
  };
}

function memoryStore(): DeadLetterNoteStore & { notes: DeadLetterNote[] } {
  const notes: DeadLetterNote[] = [];
  return { notes, record: async (note) => void notes.push(note) };
}

const routing = { name: 'routing' as const, maxReceiveCount: 5 };

describe('dead-letter notes', () => {
  it('stores a note for each failed record on every receive, with the reason the consumer recorded', async () => {
    const store = memoryStore();
    const event: SQSEvent = {
      Records: [sqsRecord('a', 5), sqsRecord('b', 2), sqsRecord('c', 5), sqsRecord('d', 6)],
    };
    const consumer = queueWorker(
      routing,
      async (e) => {
        const failures = [];
        for (const record of e.Records) {
          if (record.messageId === 'c') continue;
          recordFailure(record, new TypeError(`case of 0532 123 45 67 is malformed (${record.messageId})`));
          failures.push({ itemIdentifier: record.messageId });
        }
        return { batchItemFailures: failures };
      },
      { notes: store },
    );
    await consumer(event);
    // b fails on its second receive: noted too, so a crash on its last receive still leaves a reason.
    expect(store.notes.map((n) => n.messageId).sort()).toEqual(['a', 'b', 'd']);
    const note = store.notes.find((n) => n.messageId === 'a');
    expect(note).toMatchObject({
      queue: 'routing',
      messageId: 'a',
      receiveCount: 5,
      firstFailureAt: '2026-12-07T10:00:00.000Z',
      errorName: 'TypeError',
      errorMessage: 'case of +90 5** *** ** 67 is malformed (a)',
    });
    expect(Date.parse(note?.lastFailureAt ?? '')).toBeGreaterThan(FIRST_RECEIVE);
  });

  it('gives every record of a thrown batch the thrown error', async () => {
    const store = memoryStore();
    const consumer = queueWorker(
      routing,
      async () => {
        throw new Error('table unavailable');
      },
      { notes: store },
    );
    await expect(consumer({ Records: [sqsRecord('a', 5), sqsRecord('b', 1)] })).rejects.toThrow(
      'table unavailable',
    );
    expect(store.notes).toEqual([
      expect.objectContaining({ messageId: 'a', errorName: 'Error', errorMessage: 'table unavailable' }),
      expect.objectContaining({ messageId: 'b', errorName: 'Error', errorMessage: 'table unavailable' }),
    ]);
  });

  it('says so when a consumer failed a record without recording why', () => {
    const note = deadLetterNote(
      'lifecycle',
      sqsRecord('x', 5),
      undefined,
      undefined,
      new Date(FIRST_RECEIVE + 5),
    );
    expect(note).toMatchObject({ errorName: 'Unrecorded', lastFailureAt: '2026-12-07T10:00:00.005Z' });
  });

  it('never fails the batch because a note could not be stored', async () => {
    const consumer = queueWorker(
      routing,
      async (e) => {
        for (const record of e.Records) recordFailure(record, new Error('poison'));
        return { batchItemFailures: e.Records.map((r) => ({ itemIdentifier: r.messageId })) };
      },
      { notes: { record: async () => Promise.reject(new Error('throttled')) } },
    );
    await expect(consumer({ Records: [sqsRecord('a', 5)] })).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: 'a' }],
    });
  });

  it('keeps failures of one invocation apart from another running at the same time', async () => {
    const store = memoryStore();
    const consumer = queueWorker(
      routing,
      async (e) => {
        await new Promise((resolve) => setTimeout(resolve, e.Records[0]?.messageId === 'slow' ? 20 : 0));
        for (const record of e.Records) recordFailure(record, new Error(`failed ${record.messageId}`));
        return { batchItemFailures: e.Records.map((r) => ({ itemIdentifier: r.messageId })) };
      },
      { notes: store },
    );
    await Promise.all([
      consumer({ Records: [sqsRecord('slow', 5)] }),
      consumer({ Records: [sqsRecord('fast', 5)] }),
    ]);
    expect(Object.fromEntries(store.notes.map((n) => [n.messageId, n.errorMessage]))).toEqual({
      slow: 'failed slow',
      fast: 'failed fast',
    });
  });

  it('selects only failed records that used up their receives', () => {
    const event: SQSEvent = { Records: [sqsRecord('a', 5), sqsRecord('b', 4), sqsRecord('c', 5)] };
    const ids = (records: SQSRecord[]) => records.map((r) => r.messageId);
    expect(ids(deadLetteredRecords(event, { batchItemFailures: [{ itemIdentifier: 'a' }] }, 5))).toEqual([
      'a',
    ]);
    expect(ids(deadLetteredRecords(event, 'all', 5))).toEqual(['a', 'c']);
    expect(ids(deadLetteredRecords(event, { batchItemFailures: [] }, 1))).toEqual([]);
  });
});
