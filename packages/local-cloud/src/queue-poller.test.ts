import { describe, expect, it } from 'vitest';
import { successfulMessageIds, toSqsRecord } from './queue-poller.ts';

describe('successfulMessageIds', () => {
  const ids = ['a', 'b', 'c'];
  it('deletes everything on a plain success', () => {
    expect(successfulMessageIds(ids, undefined)).toEqual(ids);
    expect(successfulMessageIds(ids, { batchItemFailures: [] })).toEqual(ids);
  });

  it('deletes only the messages not reported as failed', () => {
    expect(successfulMessageIds(ids, { batchItemFailures: [{ itemIdentifier: 'b' }] })).toEqual(['a', 'c']);
  });

  it('fails the whole batch for unknown or empty identifiers, as Lambda does', () => {
    expect(successfulMessageIds(ids, { batchItemFailures: [{ itemIdentifier: 'zzz' }] })).toBeUndefined();
    expect(successfulMessageIds(ids, { batchItemFailures: [{ itemIdentifier: '' }] })).toBeUndefined();
  });
});

describe('toSqsRecord', () => {
  it('builds the record Lambda delivers', () => {
    const record = toSqsRecord(
      {
        MessageId: 'm1',
        ReceiptHandle: 'rh',
        Body: '{"caseId":"1"}',
        MD5OfBody: 'md5',
        Attributes: {
          ApproximateReceiveCount: '2',
          SentTimestamp: '1',
          ApproximateFirstReceiveTimestamp: '2',
          SenderId: 's',
        },
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'route-case' },
          raw: { DataType: 'Binary', BinaryValue: new Uint8Array([255]) },
        },
      },
      'arn:aws:sqs:eu-central-1:000000000000:q',
      'eu-central-1',
    );
    expect(record).toEqual({
      messageId: 'm1',
      receiptHandle: 'rh',
      body: '{"caseId":"1"}',
      attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1',
        SenderId: 's',
        ApproximateFirstReceiveTimestamp: '2',
      },
      messageAttributes: {
        kind: { stringValue: 'route-case', stringListValues: [], binaryListValues: [], dataType: 'String' },
        raw: { binaryValue: '/w==', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:q',
      awsRegion: 'eu-central-1',
    });
  });
});
