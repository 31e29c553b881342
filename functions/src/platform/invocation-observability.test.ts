import type { APIGatewayProxyEventV2, Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/*
 * The handler wrappers' metrics, as CloudWatch would read them: the EMF lines on stdout.
 * Metrics are switched on for this file (the local cloud and other tests switch them
 * off), so the environment is set before the modules, which read it at load, import.
 */

vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
// As on AWS: each function has its own service name for logs and traces.
vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'create-public-case');
vi.stubEnv('CITYDESK_METRICS_STAGE', 'test');
vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', '');
vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'false');
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
// What Lambda sets in an on-demand environment; Powertools counts no cold start without it.
vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');

const { httpHandler, json } = await import('./http-handler.ts');
const { ProblemError } = await import('./problem-details.ts');
const { businessMetrics, countMetric, metrics } = await import('./metrics.ts');
const { countDeadLettered, queueWorker, workerHandler } = await import('./worker-handler.ts');

interface EmfLine {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

let lines: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);

beforeAll(() => {
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.includes('"_aws"')) {
      lines.push(...text.split('\n').filter(Boolean));
      return true;
    }
    return originalWrite(chunk, ...rest);
  }) as typeof process.stdout.write;
});
afterAll(() => {
  process.stdout.write = originalWrite;
  vi.unstubAllEnvs();
});
afterEach(() => {
  lines = [];
});

const emf = (): EmfLine[] => lines.map((l) => JSON.parse(l) as EmfLine);
const metricNames = (line: EmfLine) => line._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name) ?? [];

function httpEvent(): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /v1/public/cases',
    rawPath: '/v1/public/cases',
    rawQueryString: '',
    headers: { 'accept-language': 'en' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: '/v1/public/cases',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
      requestId: 'request-1',
      routeKey: 'POST /v1/public/cases',
      stage: '$default',
      time: '07/Dec/2026:09:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

const context = { functionName: 'citydesk-test-CreatePublicCase' } as Context;

function sqsRecord(messageId: string, receiveCount: number): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: '{}',
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '0',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:citydesk-test-notifications',
    awsRegion: 'eu-central-1',
  };
}

describe('handler wrappers: metrics', () => {
  it('publishes the cold start once, then each invocation’s metrics in CityDesk with service and stage', async () => {
    const handler = httpHandler(async (req) => {
      countMetric(businessMetrics.casesCreated);
      return json(201, { ok: true }, req.lang);
    });

    const first = await handler(httpEvent(), context);
    expect(first).toMatchObject({ statusCode: 201 });
    const [coldStart, invocation, ...rest] = emf();
    expect(rest).toEqual([]);
    expect(metricNames(coldStart as EmfLine)).toEqual(['ColdStart']);
    expect(coldStart).toMatchObject({
      service: 'citydesk',
      stage: 'test',
      function_name: context.functionName,
    });
    expect(invocation?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'CityDesk',
      Dimensions: [['service', 'stage']],
      Metrics: [{ Name: 'CasesCreated', Unit: 'Count' }],
    });
    expect(invocation).toMatchObject({ service: 'citydesk', stage: 'test', CasesCreated: 1 });

    lines = [];
    await handler(httpEvent(), context);
    // A warm invocation: no second cold start, and nothing left over from the first one.
    expect(emf().map(metricNames)).toEqual([['CasesCreated']]);
    expect(emf()[0]).toMatchObject({ CasesCreated: 1 });
  });

  it('flushes what an invocation recorded even when it ends in a problem response', async () => {
    const handler = httpHandler(async () => {
      countMetric(businessMetrics.casesCreated);
      throw new ProblemError('validation-failed');
    });
    const response = await handler(httpEvent(), context);
    expect(response).toMatchObject({ statusCode: 400 });
    expect(emf().map(metricNames)).toEqual([['CasesCreated']]);
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('writes nothing for an invocation that recorded nothing', async () => {
    const handler = httpHandler(async (req) => json(200, {}, req.lang));
    await handler(httpEvent(), context);
    expect(lines).toEqual([]);
  });

  it('passes a worker’s event, missing context and result through, and flushes after a throw', async () => {
    const seen: unknown[] = [];
    const job = workerHandler(
      async (event: { time?: string }, ctx?: Pick<Context, 'getRemainingTimeInMillis'>) => {
        seen.push(event, ctx);
        countMetric(businessMetrics.slaSweepFailures, 2);
        return { examined: 3 };
      },
    );
    await expect(job({ time: '2026-12-07T09:00:00Z' })).resolves.toEqual({ examined: 3 });
    expect(seen).toEqual([{ time: '2026-12-07T09:00:00Z' }, undefined]);
    expect(emf()[0]).toMatchObject({ SlaSweepFailures: 2, service: 'citydesk', stage: 'test' });

    lines = [];
    const failing = workerHandler(async () => {
      countMetric(businessMetrics.slaEscalations);
      throw new Error('table unavailable');
    });
    await expect(failing({})).rejects.toThrow('table unavailable');
    expect(emf().map(metricNames)).toEqual([['SlaEscalations']]);
  });

  it('counts queue messages that failed on their last receive, by queue, apart from other metrics', async () => {
    const queue = { name: 'notifications' as const, maxReceiveCount: 5 };
    const event: SQSEvent = {
      Records: [sqsRecord('a', 5), sqsRecord('b', 2), sqsRecord('c', 6), sqsRecord('d', 5)],
    };
    const consumer = queueWorker(queue, async () => {
      countMetric(businessMetrics.notificationsSent);
      return {
        batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }, { itemIdentifier: 'c' }],
      };
    });
    await expect(consumer(event)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }, { itemIdentifier: 'c' }],
    });
    const deadLetter = emf().find((l) => metricNames(l).includes('MessagesToDeadLetterQueue'));
    expect(deadLetter?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'stage', 'queue']]);
    expect(deadLetter).toMatchObject({ queue: 'notifications', MessagesToDeadLetterQueue: 2 });
    const invocation = emf().find((l) => metricNames(l).includes('NotificationsSent'));
    expect(invocation?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'stage']]);
  });

  it('counts every exhausted message of a batch whose consumer threw', async () => {
    const consumer = queueWorker({ name: 'routing', maxReceiveCount: 5 }, async () => {
      throw new Error('boom');
    });
    await expect(consumer({ Records: [sqsRecord('a', 5), sqsRecord('b', 1)] })).rejects.toThrow('boom');
    expect(emf()).toEqual([expect.objectContaining({ queue: 'routing', MessagesToDeadLetterQueue: 1 })]);
  });

  it('says nothing of a batch whose failures still have receives left', () => {
    const event: SQSEvent = { Records: [sqsRecord('a', 1), sqsRecord('b', 4)] };
    expect(countDeadLettered(event, { batchItemFailures: [{ itemIdentifier: 'a' }] }, 5)).toBe(0);
    expect(countDeadLettered(event, { batchItemFailures: [] }, 1)).toBe(0);
    expect(countDeadLettered(event, 'all', 4)).toBe(1);
  });
});
