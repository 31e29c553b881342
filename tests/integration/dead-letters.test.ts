import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { AuditRepository } from '@citydesk/data';
import { queues } from '@citydesk/functions/manifest';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadHandler } from '../../packages/local-cloud/src/handler-loader.ts';
import { createLambdaContext } from '../../packages/local-cloud/src/lambda-context.ts';
import { eventually, getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { useHandlerEnvironment } from '../support/handler-invocation.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * The dead-letter tooling end to end on the test cloud: a poison message and a
 * transiently failed one in the routing DLQ, the reason the consumer recorded on the
 * last receive, the admin API (list, peek, redrive) with its access rule and audit,
 * redrive twice, the consumer running again, and the CLI. The local poller's receives
 * are 180 s apart, so the messages are put straight into the DLQ and the consumer's
 * last receive is run in this process with the record the poller would hand it.
 */

const e = inject('endpoints');
const sqs = new SQSClient({
  endpoint: e.sqsEndpoint,
  region: e.region,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  useQueueUrlAsEndpoint: false,
});
const routing = e.queues.routing as { url: string; dlqUrl: string };

const bearer = async (username: string) => ({ authorization: `Bearer ${(await signIn(username)).IdToken}` });

/** The record the local poller builds for a message on its `receiveCount`th receive. */
function lastReceive(messageId: string, body: string, receiveCount: number): SQSEvent {
  const now = String(Date.now());
  return {
    Records: [
      {
        messageId,
        receiptHandle: `rh-${messageId}`,
        body,
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: now,
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: String(Date.now() - 15 * 60_000),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: e.queues.routing?.arn ?? '',
        awsRegion: e.region,
      },
    ],
  };
}

async function depth(url: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

/** How often the routing worker logged a decision for this case (the handlers' log of the run). */
async function routingRuns(caseId: string): Promise<number> {
  const log = await readFile(inject('handlerLogFile'), 'utf8');
  return log.split('\n').filter((line) => line.includes('"case routing"') && line.includes(caseId)).length;
}

beforeAll(() => useHandlerEnvironment());
afterAll(() => sqs.destroy());

describe('fauxqs moves a message to its DLQ with its MessageId (the notes are joined on it)', () => {
  it('keeps MessageId and body', async () => {
    const name = `dlq-identity-${Date.now()}`;
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl ?? '';
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
    );
    const url =
      (
        await sqs.send(
          new CreateQueueCommand({
            QueueName: name,
            Attributes: {
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: Attributes?.QueueArn,
                maxReceiveCount: 2,
              }),
            },
          }),
        )
      ).QueueUrl ?? '';
    try {
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"poison":true}' }));
      // Two receives without a delete; the third finds it gone to the DLQ.
      for (let i = 0; i < 3; i++)
        await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0, WaitTimeSeconds: 1 }),
        );
      const moved = await eventually(async () => {
        const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 1 }));
        return r.Messages?.[0];
      });
      expect(moved.MessageId).toBe(sent.MessageId);
      expect(moved.Body).toBe('{"poison":true}');
    } finally {
      await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await sqs.send(new DeleteQueueCommand({ QueueUrl: dlqUrl }));
    }
  });
});

describe('dead-letter tooling', () => {
  let poisonId = '';
  let transientId = '';
  let caseId = '';

  beforeAll(async () => {
    ({ caseId } = await fileRoutedCase(
      potholeSubmission({ lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' }),
    ));
    await eventually(async () => ((await routingRuns(caseId)) >= 1 ? true : undefined));
    // A malformed intent (no case id): poison, it fails on every receive.
    const poisonBody = JSON.stringify({ intent: 'route-case', eventId: 'dead-letters-test' });
    // A good intent whose delivery failed for a passing reason: redriven, it routes again (idempotently).
    const transientBody = JSON.stringify({ intent: 'route-case', caseId, eventId: 'dead-letters-test' });
    const attributes = { intent: { DataType: 'String', StringValue: 'route-case' } };
    poisonId =
      (
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: routing.dlqUrl,
            MessageBody: poisonBody,
            MessageAttributes: attributes,
          }),
        )
      ).MessageId ?? '';
    transientId =
      (
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: routing.dlqUrl,
            MessageBody: transientBody,
            MessageAttributes: attributes,
          }),
        )
      ).MessageId ?? '';
    // The poison message's last allowed receive, as the poller runs it: the wrapper stores the reason.
    const routeCase = await loadHandler<SQSEvent, { batchItemFailures: { itemIdentifier: string }[] }>(
      'workers/route-case.ts',
    );
    const answer = await routeCase(
      lastReceive(poisonId, poisonBody, queues.routing.maxReceiveCount),
      createLambdaContext({ id: 'RouteCase', memoryMb: 512, timeoutSeconds: 30 }, e.region),
    );
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: poisonId }]);
  });

  it('lists every queue with its DLQ depth, for the platform operator and the metro admins', async () => {
    const list = await getJson('/v1/admin/dead-letters', await bearer('platform.operator'));
    expect(list.status).toBe(200);
    const items = list.json.items as { queue: string; messages: number; oldestMessageAgeSeconds?: number }[];
    expect(items.map((i) => i.queue)).toEqual(Object.keys(queues));
    const routingRow = items.find((i) => i.queue === 'routing');
    expect(routingRow?.messages).toBeGreaterThanOrEqual(2);
    expect(routingRow?.oldestMessageAgeSeconds).toBeGreaterThanOrEqual(0);
    expect((await getJson('/v1/admin/dead-letters', await bearer('metro.admin'))).status).toBe(200);
  });

  it('refuses a district admin everything, in Turkish and English', async () => {
    const district = await bearer('karesi.admin');
    const list = await getJson('/v1/admin/dead-letters', { ...district, 'accept-language': 'en' });
    expect(list.status).toBe(403);
    expect(list.json.type).toBe('urn:citydesk:problem:forbidden');
    expect(list.json.detail).toMatch(/platform operator/);
    const peek = await getJson('/v1/admin/dead-letters/routing', { ...district, 'accept-language': 'tr' });
    expect(peek.status).toBe(403);
    expect(peek.json.detail).toMatch(/platform operatörü/);
    const redrive = await postJson('/v1/admin/dead-letters/routing/redrive', { all: true }, district);
    expect(redrive.status).toBe(403);
    expect(await depth(routing.dlqUrl)).toMatchObject({ visible: expect.any(Number) });
  });

  it('validates the queue and the selection', async () => {
    const operator = await bearer('platform.operator');
    expect((await getJson('/v1/admin/dead-letters/no-such-queue', operator)).status).toBe(400);
    expect((await getJson('/v1/admin/dead-letters/routing?max=0', operator)).status).toBe(400);
    const both = await postJson(
      '/v1/admin/dead-letters/routing/redrive',
      { all: true, messageIds: ['x'] },
      operator,
    );
    expect(both.status).toBe(400);
    expect(both.json.type).toBe('urn:citydesk:problem:validation-failed');
  });

  it('peeks without taking: the messages, their bodies and the recorded reason', async () => {
    const operator = await bearer('platform.operator');
    const peek = await getJson('/v1/admin/dead-letters/routing?max=20', operator);
    expect(peek.status).toBe(200);
    const items = peek.json.items as {
      messageId: string;
      body: unknown;
      intent?: string;
      note?: { errorName: string; errorMessage: string; receiveCount: number; firstFailureAt: string };
    }[];
    const poison = items.find((m) => m.messageId === poisonId);
    expect(poison?.intent).toBe('route-case');
    expect(poison?.body).toEqual({ intent: 'route-case', eventId: 'dead-letters-test' });
    expect(poison?.note?.errorName).toMatch(/ZodError/);
    expect(poison?.note?.errorMessage).toMatch(/caseId/);
    expect(poison?.note?.receiveCount).toBe(queues.routing.maxReceiveCount);
    expect(poison?.note?.errorMessage.length).toBeLessThanOrEqual(300);
    const transient = items.find((m) => m.messageId === transientId);
    expect(transient?.body).toEqual({ intent: 'route-case', caseId, eventId: 'dead-letters-test' });
    expect(transient?.note).toBeUndefined();
    // Still there: a peek releases what it received.
    const again = await getJson('/v1/admin/dead-letters/routing?max=20', operator);
    expect((again.json.items as { messageId: string }[]).map((m) => m.messageId)).toEqual(
      expect.arrayContaining([poisonId, transientId]),
    );
  });

  it('redrives by id once; the consumer runs again; a second redrive finds nothing to move', async () => {
    const operator = await bearer('platform.operator');
    const runsBefore = await routingRuns(caseId);
    const first = await postJson(
      '/v1/admin/dead-letters/routing/redrive',
      { messageIds: [transientId] },
      operator,
    );
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ queue: 'routing', notFound: [], failed: [] });
    expect((first.json.moved as { messageId: string }[]).map((m) => m.messageId)).toEqual([transientId]);
    const second = await postJson(
      '/v1/admin/dead-letters/routing/redrive',
      { messageIds: [transientId] },
      operator,
    );
    expect(second.json).toMatchObject({ moved: [], notFound: [transientId], failed: [] });
    // The routing worker took the intent again: routing is idempotent, so it only logs the decision.
    await eventually(async () => ((await routingRuns(caseId)) > runsBefore ? true : undefined), 30_000);
    // Who redrove what is in the audit trail.
    const sub = JSON.parse(
      Buffer.from(operator.authorization.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ).sub as string;
    const trail = await new AuditRepository(testDocumentClient(), mainTableName()).byUser(sub);
    const redrives = trail.filter((r) => r.action === 'dead-letters.redrive');
    expect(redrives.some((r) => JSON.stringify(r.details).includes(transientId))).toBe(true);
  });

  it('redrives the rest with all, down to an empty DLQ, and again harmlessly', async () => {
    const operator = await bearer('platform.operator');
    const all = await postJson('/v1/admin/dead-letters/routing/redrive', { all: true, max: 50 }, operator);
    expect(all.status).toBe(200);
    expect((all.json.moved as { messageId: string }[]).map((m) => m.messageId)).toContain(poisonId);
    expect(await depth(routing.dlqUrl)).toEqual({ visible: 0, inFlight: 0 });
    const list = await getJson('/v1/admin/dead-letters', operator);
    expect(
      (list.json.items as { queue: string; messages: number }[]).find((i) => i.queue === 'routing'),
    ).toMatchObject({ messages: 0 });
    const again = await postJson('/v1/admin/dead-letters/routing/redrive', { all: true }, operator);
    expect(again.json).toMatchObject({ moved: [], notFound: [], failed: [] });
  });

  it('the CLI lists the same queues as JSON', async () => {
    const file = join(tmpdir(), `citydesk-endpoints-${process.pid}.json`);
    await writeFile(file, JSON.stringify(e));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/dlq.ts', 'list', '--json', '--endpoints', file],
      { env: { ...process.env, AWS_ENDPOINT_URL_SQS: '', AWS_ENDPOINT_URL_DYNAMODB: '' }, timeout: 60_000 },
    );
    const parsed = JSON.parse(stdout) as { items: { queue: string; messages: number }[] };
    expect(parsed.items.map((i) => i.queue)).toEqual(Object.keys(queues));
    expect(parsed.items.find((i) => i.queue === 'routing')?.messages).toBe(0);
  });
});
