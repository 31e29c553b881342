import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/*
 * Tracing as it runs on Lambda with active tracing: the environment Lambda sets (an
 * execution environment, a sampled trace id, the X-Ray daemon's address) makes
 * @citydesk/data load the Powertools tracer, and the wrappers' subsegments reach the
 * "daemon", a UDP socket of this test. Metrics stay off here; invocation-observability
 * tests them.
 */

const daemon: Socket = createSocket('udp4');
const documents: Record<string, unknown>[] = [];
daemon.on('message', (packet) => {
  // Each datagram is a header line, then the segment document.
  const body = packet.toString('utf8').split('\n')[1];
  if (body) documents.push(JSON.parse(body) as Record<string, unknown>);
});
await new Promise<void>((bound) => daemon.bind(0, '127.0.0.1', bound));
const { port } = daemon.address() as AddressInfo;

vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
vi.stubEnv('LAMBDA_TASK_ROOT', '/var/task');
vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'citydesk-test-Health');
vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', `127.0.0.1:${port}`);
vi.stubEnv('AWS_XRAY_CONTEXT_MISSING', 'IGNORE_ERROR');
vi.stubEnv('_HANDLER', 'index.handler');
vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-6756a1b0-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1');
vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'citydesk');
vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'true');
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');

const { createDynamoDbClient, createSqsClient, tracer, tracingEnabled } = await import('@citydesk/data');
const { httpHandler, json } = await import('./http-handler.ts');
const { workerHandler } = await import('./worker-handler.ts');
const { businessMetrics, countMetric } = await import('./metrics.ts');

afterAll(() => {
  daemon.close();
  vi.unstubAllEnvs();
});

const event = {
  version: '2.0',
  rawPath: '/health',
  headers: {},
  requestContext: { requestId: 'r-1', http: { method: 'GET', path: '/health' } },
} as unknown as APIGatewayProxyEventV2;
const context = { functionName: 'citydesk-test-Health' } as Context;

async function subsegmentNamed(name: string): Promise<Record<string, unknown>> {
  await vi.waitFor(() => expect(documents.some((d) => d.name === name)).toBe(true), { timeout: 5000 });
  const found = documents.find((d) => d.name === name) as Record<string, unknown>;
  documents.splice(documents.indexOf(found), 1);
  return found;
}

describe('handler wrappers: tracing on Lambda', () => {
  beforeAll(() => {
    expect(tracingEnabled()).toBe(true);
    expect(tracer?.isTracingEnabled()).toBe(true);
  });

  it('records the handler as a subsegment annotated with the cold start and the service', async () => {
    const handler = httpHandler(async (req) => json(200, { status: 'ok' }, req.lang));
    await expect(handler(event, context)).resolves.toMatchObject({ statusCode: 200 });
    const first = await subsegmentNamed('## index.handler');
    expect(first).toMatchObject({
      trace_id: '1-6756a1b0-0123456789abcdef01234567',
      parent_id: '53995c3f42cd8ad8',
      annotations: { ColdStart: true, Service: 'citydesk' },
    });
    // The response carries citizens' data: it stays out of the trace.
    expect(JSON.stringify(first)).not.toContain('"status":"ok"');

    await handler(event, context);
    expect(await subsegmentNamed('## index.handler')).toMatchObject({ annotations: { ColdStart: false } });
  });

  it('marks a worker’s subsegment with the error that failed it', async () => {
    const job = workerHandler(async () => {
      throw new Error('table unavailable');
    });
    await expect(job({}, context)).rejects.toThrow('table unavailable');
    const traced = await subsegmentNamed('## index.handler');
    expect(traced).toMatchObject({ fault: true });
    expect(JSON.stringify(traced)).toContain('table unavailable');
  });

  it('instruments the SDK clients while tracing is on', () => {
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    const middlewareNames = (client: { middlewareStack: { identify(): string[] } }) =>
      client.middlewareStack.identify().join(' ');
    expect(middlewareNames(createSqsClient())).toContain('XRaySDKInstrumentation');
    expect(middlewareNames(createDynamoDbClient())).toContain('XRaySDKInstrumentation');
  });

  it('keeps metrics off stdout where POWERTOOLS_METRICS_DISABLED is set, as the local cloud does', async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await workerHandler(async () => countMetric(businessMetrics.casesCreated))({}, context);
    } finally {
      process.stdout.write = original;
    }
    expect(written.filter((line) => line.includes('"_aws"'))).toEqual([]);
  });
});
