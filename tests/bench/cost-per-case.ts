import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readSdkAccounting, resetSdkAccounting, type SdkAccountingSnapshot } from '@citydesk/local-cloud';
import type { BenchCloud } from './bench-cloud.ts';
import { handlerLogBytes } from './bench-cloud.ts';
import { REQUEST_TIMEOUT_MS, round, sleep } from './bench-statistics.ts';
import { memoryOf } from './function-catalogue.ts';
import { postCase } from './intake-throughput.ts';
import { benchDocumentClient, caseIdOf } from './routing-latency.ts';

/*
 * Measurement 6: what one case costs over its whole life (filed, routed, accepted,
 * started, resolved, closed, surveyed and the survey answered, with the analytics and
 * webhook consumers that follow every event), counted by the local cloud's SDK
 * accounting: DynamoDB capacity units as DynamoDB reports them (ReturnConsumedCapacity
 * TOTAL), SQS requests in billed 64 KB chunks, Lambda invocations with their duration,
 * API Gateway requests and the bytes of log lines. The staff steps go through the API
 * as the portal sends them (the case screen reads the case, then posts the action).
 * Priced at on-demand list prices in docs/cost.md.
 */

/** AWS list prices, US$; the region and date they were read are part of the record. */
export interface PriceList {
  region: string;
  asOf: string;
  lambdaArmGbSecond: number;
  lambdaPerMillionRequests: number;
  sqsPerMillionRequests: number;
  dynamodbPerMillionWriteUnits: number;
  dynamodbPerMillionReadUnits: number;
  httpApiPerMillionRequests: number;
  logsIngestionPerGb: number;
}

/*
 * Public on-demand list prices (first pricing tier, no free tier), as published on the
 * AWS pricing pages. DynamoDB on-demand throughput was halved on 1 November 2024 (in
 * us-east-1 from $1.25 to $0.625 per million write units and $0.25 to $0.125 per
 * million read units); the regional figures below are after that cut.
 */
export const priceLists: PriceList[] = [
  {
    region: 'eu-central-1 (Frankfurt)',
    asOf: '2026-12 (prices in effect since the DynamoDB cut of 2024-11-01)',
    lambdaArmGbSecond: 0.0000133334,
    lambdaPerMillionRequests: 0.2,
    sqsPerMillionRequests: 0.4,
    dynamodbPerMillionWriteUnits: 0.7625,
    dynamodbPerMillionReadUnits: 0.1525,
    httpApiPerMillionRequests: 1.2,
    logsIngestionPerGb: 0.63,
  },
  {
    region: 'eu-west-1 (Ireland)',
    asOf: '2026-12 (prices in effect since the DynamoDB cut of 2024-11-01)',
    lambdaArmGbSecond: 0.0000133334,
    lambdaPerMillionRequests: 0.2,
    sqsPerMillionRequests: 0.4,
    dynamodbPerMillionWriteUnits: 0.705625,
    dynamodbPerMillionReadUnits: 0.1415,
    httpApiPerMillionRequests: 1.11,
    logsIngestionPerGb: 0.57,
  },
];

/** What Lambda itself writes per invocation (START, END and REPORT lines), in bytes. */
const LAMBDA_PLATFORM_LOG_BYTES = 330;

export interface PerCase {
  writeUnits: number;
  readUnits: number;
  devOutboxWriteUnits: number;
  dynamodbRequests: Record<string, number>;
  sqsBilledRequests: number;
  sqsRequests: Record<string, number>;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  invocations: Record<string, { count: number; ms: number }>;
  /** Write and read units by the handler that spent them. */
  byHandler: Record<string, { writeUnits: number; readUnits: number; sqsRequests: number }>;
  httpRequests: number;
  logBytes: number;
}

export interface CostLine {
  region: string;
  asOf: string;
  dynamodb: number;
  lambda: number;
  sqs: number;
  apiGateway: number;
  logs: number;
  total: number;
}

export interface CostResult {
  cases: number;
  steps: string[];
  perCase: PerCase;
  /** US$ per million cases, per price list. */
  perMillionCases: CostLine[];
  prices: PriceList[];
}

const STEPS = [
  'file (POST /v1/public/cases)',
  'route',
  'accept',
  'start',
  'resolve (RESOLVED_PARTIAL)',
  'close',
  'survey sent',
  'survey answered',
];

/**
 * Waits until no handler has been invoked for `quietMs` (at most `limitMs`): the work a
 * previous measurement left in the queues must not be counted, or slow down, the next.
 */
export async function waitForQuiet(quietMs: number, limitMs: number): Promise<void> {
  const total = () => Object.values(readSdkAccounting().invocations).reduce((sum, i) => sum + i.count, 0);
  const deadline = Date.now() + limitMs;
  let last = total();
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(250);
    const now = total();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

export function perCaseOf(snapshot: SdkAccountingSnapshot, cases: number, logBytes: number): PerCase {
  const invocations: PerCase['invocations'] = {};
  let count = 0;
  let gbSeconds = 0;
  let http = 0;
  for (const [entry, i] of Object.entries(snapshot.invocations)) {
    invocations[entry] = { count: i.count / cases, ms: i.totalMs / i.count };
    count += i.count;
    // Lambda bills each invocation rounded up to the millisecond.
    gbSeconds += (Math.ceil(i.totalMs) / 1000) * (memoryOf(entry) / 1024);
    if (entry.startsWith('http/')) http += i.count;
  }
  const per = (n: number) => n / cases;
  // The benchmark's own reads (waiting for routing, finding the survey link) are not the product's.
  const outside = snapshot.byHandler['(outside handlers)'] ?? { writeUnits: 0, readUnits: 0 };
  return {
    writeUnits: per(snapshot.writeCapacityUnits - outside.writeUnits),
    readUnits: per(snapshot.readCapacityUnits - outside.readUnits),
    devOutboxWriteUnits: per(snapshot.devOutboxWriteUnits),
    dynamodbRequests: Object.fromEntries(
      Object.entries(snapshot.dynamodbRequests).map(([k, v]) => [k, per(v)]),
    ),
    sqsBilledRequests: per(snapshot.sqsBilledRequests),
    sqsRequests: Object.fromEntries(Object.entries(snapshot.sqsRequests).map(([k, v]) => [k, per(v)])),
    lambdaInvocations: per(count),
    lambdaGbSeconds: per(gbSeconds),
    invocations,
    byHandler: Object.fromEntries(
      Object.entries(snapshot.byHandler).map(([entry, t]) => [
        entry,
        { writeUnits: per(t.writeUnits), readUnits: per(t.readUnits), sqsRequests: per(t.sqsRequests) },
      ]),
    ),
    httpRequests: per(http),
    logBytes: per(logBytes + count * LAMBDA_PLATFORM_LOG_BYTES),
  };
}

export function priceOf(perCase: PerCase, prices: PriceList): CostLine {
  const million = 1_000_000;
  // The dev outbox stands in for the SMS and e-mail providers: its writes are not AWS cost.
  const writeUnits = perCase.writeUnits - perCase.devOutboxWriteUnits;
  const dynamodb =
    writeUnits * prices.dynamodbPerMillionWriteUnits + perCase.readUnits * prices.dynamodbPerMillionReadUnits;
  const lambda =
    perCase.lambdaInvocations * prices.lambdaPerMillionRequests +
    perCase.lambdaGbSeconds * million * prices.lambdaArmGbSecond;
  const sqs = perCase.sqsBilledRequests * prices.sqsPerMillionRequests;
  const apiGateway = perCase.httpRequests * prices.httpApiPerMillionRequests;
  const logs = ((perCase.logBytes * million) / 2 ** 30) * prices.logsIngestionPerGb;
  return {
    region: prices.region,
    asOf: prices.asOf,
    dynamodb,
    lambda,
    sqs,
    apiGateway,
    logs,
    total: dynamodb + lambda + sqs + apiGateway + logs,
  };
}

export async function measureCostPerCase(
  bench: BenchCloud,
  settings: { cases: number },
  log: (line: string) => void,
): Promise<CostResult> {
  const table = bench.endpoints.tables.main ?? '';
  const doc = benchDocumentClient(bench);
  const supervisor = await bench.token('karesi.supervisor');
  const [{ handleDueSurvey }, { surveyRepository }] = await Promise.all([
    import('../../functions/src/workers/send-surveys.ts'),
    import('../../functions/src/platform/survey-runtime.ts'),
  ]);
  const staff = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${bench.endpoints.apiUrl}${path}`, {
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const act = async (caseId: string, command: Record<string, unknown>) => {
    const current = await staff('GET', `/v1/staff/cases/${caseId}`);
    const version = (current.case as { version: number }).version;
    await staff('POST', `/v1/staff/cases/${caseId}/actions`, { expectedVersion: version, ...command });
  };
  try {
    await waitForQuiet(3000, 120_000);
    resetSdkAccounting();
    const logStart = handlerLogBytes.total;
    const cases: { caseId: string; trackingNo: string }[] = [];
    for (let i = 0; i < settings.cases; i++) {
      const r = await postCase(bench.endpoints.apiUrl);
      if (r.status !== 201) throw new Error(`filing failed: ${r.status}`);
      const trackingNo = String(r.json.trackingNo).replaceAll('-', '');
      cases.push({ caseId: await caseIdOf(doc, table, trackingNo), trackingNo });
    }
    // Routed first: until it has an owner, the case is nobody's to see (404 for staff).
    for (const { caseId } of cases) {
      for (let n = 0; n < 600; n++) {
        const { Item } = await doc.send(
          new GetCommand({ TableName: table, Key: { pk: `CASE#${caseId}`, sk: '#CASE' } }),
        );
        if (Item?.status === 'ROUTED') break;
        await sleep(100);
      }
    }
    for (const { caseId } of cases) {
      await act(caseId, { action: 'accept' });
      await act(caseId, { action: 'start' });
      await act(caseId, {
        action: 'resolve',
        resultCode: 'RESOLVED_PARTIAL',
        publicAnswer: 'Çukurun bir kısmı dolduruldu, kalanı asfalt programında.',
        internalNote: 'Yama yapıldı.',
      });
      await act(caseId, { action: 'close' });
    }
    // The survey job's per-survey step, a day and a bit after the close (its schedule
    // would get there; it is one invocation for many surveys, so none is counted here).
    for (const { caseId } of cases) {
      const due = await surveyRepository.getDue(caseId);
      if (due) await handleDueSurvey(due, new Date(Date.parse(due.dueAt) + 60_000));
    }
    for (const { caseId } of cases) {
      let token: string | undefined;
      for (let n = 0; n < 300 && !token; n++) {
        const page = await doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            FilterExpression: 'caseId = :c AND #e = :survey',
            ExpressionAttributeNames: { '#e': 'event' },
            ExpressionAttributeValues: { ':pk': 'DEVOUTBOX', ':c': caseId, ':survey': 'survey' },
            ScanIndexForward: false,
          }),
        );
        token = /\/anket\/([A-Za-z0-9_-]{43})/.exec(String(page.Items?.[0]?.text ?? ''))?.[1];
        if (!token) await sleep(200);
      }
      if (!token) continue;
      await fetch(`${bench.endpoints.apiUrl}/v1/public/surveys/${token}`, {
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          answers: {
            resolved: 'yes',
            timeScore: 4,
            conductScore: 5,
            intakeScore: 5,
            comment: 'Teşekkürler.',
          },
        }),
      });
    }
    await waitForQuiet(3000, 120_000);
    const snapshot = readSdkAccounting();
    const perCase = perCaseOf(snapshot, settings.cases, handlerLogBytes.total - logStart);
    const perMillionCases = priceLists.map((p) => priceOf(perCase, p));
    log(
      `  per case: ${round(perCase.writeUnits)} WRU, ${round(perCase.readUnits)} RRU, ${round(perCase.lambdaInvocations)} invocations, ${round(perCase.sqsBilledRequests)} SQS requests; $${round(perMillionCases[0]?.total ?? 0)} per million cases (${priceLists[0]?.region})`,
    );
    return { cases: settings.cases, steps: STEPS, perCase, perMillionCases, prices: priceLists };
  } finally {
    doc.destroy();
  }
}
