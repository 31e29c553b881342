import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  ensureQueueWithDlq,
  type LocalCloud,
  pollUntil,
  type QueuePoller,
  startLocalCloud,
  startQueuePoller,
} from '@citydesk/local-cloud';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The SQS event-source-mapping semantics of the local cloud against real fauxqs:
 * partial batch failure and redrive to the DLQ. Each test uses its own queue with
 * a visibility timeout of seconds so redelivery happens within the test, not in 3 minutes.
 */

let cloud: LocalCloud;
let sqs: SQSClient;
const pollers: QueuePoller[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud({ ports: 'random', seed: false, consumers: false, log: () => {} });
  sqs = new SQSClient({
    endpoint: cloud.endpoints.sqsEndpoint,
    region: cloud.endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    useQueueUrlAsEndpoint: false,
  });
});

afterAll(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  sqs?.destroy();
  await cloud?.stop();
});

async function queueDepth(url: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
}

describe('local SQS event-source mapping', () => {
  it('redelivers only the message reported in batchItemFailures', async () => {
    // Visibility must outlast batching plus the invocation, or a healthy message
    // reappears mid-flight (AWS asks for 6× the function timeout for that reason).
    const queue = await ensureQueueWithDlq(sqs, 'lc-test-partial', {
      visibilityTimeoutSeconds: 2,
      maxReceiveCount: 5,
      retentionDays: 1,
    });
    const deliveries: SQSRecord[] = [];
    const batches: string[][] = [];
    for (const body of ['alpha', 'bravo', 'charlie']) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
    }
    pollers.push(
      startQueuePoller({
        queueUrl: queue.url,
        queueArn: queue.arn,
        sqs,
        batchSize: 10,
        maxBatchingWindowSeconds: 0,
        maxConcurrency: 2,
        handler: async (event: SQSEvent) => {
          deliveries.push(...event.Records);
          batches.push(event.Records.map((r) => r.body));
          const bravo = event.Records.find(
            (r) => r.body === 'bravo' && r.attributes.ApproximateReceiveCount === '1',
          );
          return { batchItemFailures: bravo ? [{ itemIdentifier: bravo.messageId }] : [] };
        },
      }),
    );

    await pollUntil(
      'bravo to be redelivered',
      () => deliveries.filter((r) => r.body === 'bravo').length >= 2,
    );
    await pollUntil('the queue to be empty', async () => (await queueDepth(queue.url)) === 0);

    const count = (body: string) => deliveries.filter((r) => r.body === body).length;
    expect(count('alpha')).toBe(1);
    expect(count('charlie')).toBe(1);
    expect(count('bravo')).toBe(2);
    const redelivered = deliveries.filter((r) => r.body === 'bravo')[1];
    expect(redelivered?.attributes.ApproximateReceiveCount).toBe('2');
    expect(redelivered).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: cloud.endpoints.region,
    });
    expect(batches.flat().sort()).toEqual(['alpha', 'bravo', 'bravo', 'charlie']);
  });

  it('moves a message that keeps failing to the DLQ after maxReceiveCount receives', async () => {
    const queue = await ensureQueueWithDlq(sqs, 'lc-test-poison', {
      visibilityTimeoutSeconds: 1,
      maxReceiveCount: 2,
      retentionDays: 1,
    });
    let attempts = 0;
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'poison' }));
    pollers.push(
      startQueuePoller({
        queueUrl: queue.url,
        queueArn: queue.arn,
        sqs,
        batchSize: 1,
        handler: async () => {
          attempts++;
          throw new Error('cannot process this message');
        },
      }),
    );

    const dead = await pollUntil(
      'the poison message in the DLQ',
      async () =>
        (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 1 })))
          .Messages?.[0],
      { timeoutMs: 30_000 },
    );
    expect(dead.Body).toBe('poison');
    expect(attempts).toBe(2);
    expect(await queueDepth(queue.url)).toBe(0);
  });
});
