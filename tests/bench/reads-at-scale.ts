import { randomInt } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseItem, caseRepositoryFromEnvironment, eventKey } from '@citydesk/data';
import type { Case, CaseEvent } from '@citydesk/domain';
import { httpRoutes, queueConsumers, secrets } from '@citydesk/functions/manifest';
import type { BenchCloud } from './bench-cloud.ts';
import {
  type Latency,
  latency,
  REQUEST_TIMEOUT_MS,
  round,
  type Spread,
  sleep,
  spread,
} from './bench-statistics.ts';
import { closedLoop, postCase } from './intake-throughput.ts';
import { benchDocumentClient, caseIdOf } from './routing-latency.ts';

/*
 * Measurement 4: the queue page and the dashboard with 1k and with 100k cases stored.
 * 100k cases through HTTP would take the whole time budget, so the cases are written
 * straight into the table: copies of one case that went through the real intake and
 * routing, given fresh ids, tracking numbers and dates, stored with the repository's
 * own item builder (caseItem: the same keys and index attributes) in parallel
 * BatchWriteItem calls. When the analytics consumer and the dashboard route exist,
 * each copy also gets its `created` event and the consumer is fed that event's
 * analytics intent in SQS batches, so the dashboard's aggregates hold the same cases.
 * The copies belong to Altıeylül's FEN queue, a queue no other measurement files into,
 * so the 1k and 100k counts are exact.
 */

export const DASHBOARD_PATH = '/v1/staff/analytics/dashboard';
const BULK_TENANT = 'balikesir-altieylul';
const BULK_DEPARTMENT = 'FEN';
const READER = 'altieylul.supervisor';
const DASHBOARD_READER = 'metro.manager';

export interface ReadsSettings {
  small: number;
  large: number;
  /** Reads per run, after warm-up. */
  readsPerRun: number;
  runs: number;
  writeConcurrency: number;
  /**
   * Cases whose `created` event is fed to the analytics consumer (the first ones
   * loaded). The dashboard reads one aggregate row per day and scope, so once the
   * fed cases span the 60 days the rows a dashboard read touches are all there; more
   * cases change the counters' values, not the rows. Feeding all 100k through the
   * consumer on DynamoDB Local would take hours.
   */
  analyticsFeedLimit: number;
}

export interface ReadLatencies {
  cases: number;
  /** Median latency of each run. */
  medianMs: Spread;
  overall: Latency;
}

export interface ReadsResult {
  queue: { small: ReadLatencies; large: ReadLatencies; ratio: number };
  dashboard:
    | { skipped: false; small: ReadLatencies; large: ReadLatencies; ratio: number }
    | { skipped: true; reason: string };
  /** How the large set was loaded, and how fast. */
  loading: { method: string; casesPerSecond: number; seconds: number; analyticsFedCases: number };
  queueName: string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A ULID for `ms`: time-ordered like the product's ids. */
function ulidAt(ms: number): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + Array.from({ length: 16 }, () => CROCKFORD[randomInt(32)]).join('');
}

function copyOf(template: Case, created: CaseEvent | undefined, index: number, now: number) {
  const createdMs = now - randomInt(60 * 86_400_000);
  const id = ulidAt(createdMs);
  const createdAt = new Date(createdMs).toISOString();
  const slaDueAt = new Date(createdMs + 18 * 3_600_000 + randomInt(20 * 86_400_000)).toISOString();
  const c: Case = {
    ...template,
    id,
    trackingNo: String(100_000_000_000 + index),
    createdAt,
    updatedAt: createdAt,
    routedAt: createdAt,
    slaDueAt,
    ownerTenantId: BULK_TENANT,
    ownerDepartmentCode: BULK_DEPARTMENT,
    ...(template.location ? { location: { ...template.location, districtTenantId: BULK_TENANT } } : {}),
  };
  const event = created
    ? ({ ...created, caseId: id, eventId: ulidAt(createdMs), at: createdAt } as CaseEvent)
    : undefined;
  return { c, event };
}

async function writeItems(doc: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]) {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  while (pending.length) {
    const r = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = (r.UnprocessedItems?.[table] ?? []) as typeof pending;
    if (pending.length) await sleep(20);
  }
}

export async function measureReads(
  bench: BenchCloud,
  settings: ReadsSettings,
  log: (line: string) => void,
): Promise<ReadsResult> {
  const table = bench.endpoints.tables.main ?? '';
  const doc = benchDocumentClient(bench);
  const dashboardRoute = httpRoutes.find((r) => r.path === DASHBOARD_PATH && r.method === 'GET');
  const analyticsConsumer = queueConsumers.find((c) => c.queue === 'analytics');
  const feedAnalytics = Boolean(dashboardRoute && analyticsConsumer);
  try {
    // The template: one pothole through the real intake and routing.
    const filed = await postCase(bench.endpoints.apiUrl);
    const caseId = await caseIdOf(doc, table, String(filed.json.trackingNo));
    const repository = caseRepositoryFromEnvironment(secrets.piiHmacKey, doc);
    let stored: Awaited<ReturnType<typeof repository.getCaseWithTimeline>>;
    for (let i = 0; i < 6000; i++) {
      stored = await repository.getCaseWithTimeline(caseId);
      if (stored?.case.ownerTenantId) break;
      await sleep(50);
    }
    if (!stored?.case.ownerTenantId) throw new Error('the template case was never routed');
    const template = stored.case;
    const createdEvent = stored.events.find((e) => e.type === 'created');

    const consumer =
      feedAnalytics && analyticsConsumer
        ? (await import('../../packages/local-cloud/src/handler-loader.ts')).lazyHandler(
            analyticsConsumer.entry,
          )
        : undefined;
    const { createLambdaContext } = await import('../../packages/local-cloud/src/lambda-context.ts');
    const queueArn =
      bench.endpoints.queues.analytics?.arn ?? 'arn:aws:sqs:eu-central-1:000000000000:analytics';

    let loaded = 0;
    const now = Date.now();
    const load = async (target: number) => {
      const toWrite = target - loaded;
      const batches = Math.ceil(toWrite / 25);
      const started = performance.now();
      await closedLoop(batches, settings.writeConcurrency, async (b) => {
        const copies = Array.from({ length: Math.min(25, toWrite - b * 25) }, (_, k) =>
          copyOf(template, feedAnalytics ? createdEvent : undefined, loaded + b * 25 + k, now),
        );
        await writeItems(
          doc,
          table,
          copies.map(({ c }) => caseItem(c, undefined)),
        );
        const firstIndex = loaded + b * 25;
        const events =
          firstIndex < settings.analyticsFeedLimit
            ? copies.flatMap(({ event }) => (event ? [event] : []))
            : [];
        if (events.length && consumer) {
          await writeItems(
            doc,
            table,
            events.map((e) => ({ ...eventKey(e.caseId, e.at, e.eventId), entity: 'CaseEvent', ...e })),
          );
          for (let i = 0; i < events.length; i += 10) {
            const records = events.slice(i, i + 10).map((e, n) => ({
              messageId: `${e.eventId}-${n}`,
              receiptHandle: e.eventId,
              body: JSON.stringify({
                intent: 'analytics',
                caseId: e.caseId,
                eventId: e.eventId,
                eventType: e.type,
              }),
              attributes: {},
              messageAttributes: {},
              md5OfBody: '',
              eventSource: 'aws:sqs',
              eventSourceARN: queueArn,
              awsRegion: bench.endpoints.region,
            }));
            await consumer(
              { Records: records },
              createLambdaContext(analyticsConsumer as never, bench.endpoints.region) as never,
            );
          }
        }
      });
      const seconds = (performance.now() - started) / 1000;
      loaded = target;
      return { seconds, casesPerSecond: toWrite / seconds };
    };

    const queuePath = `/v1/staff/queue?departmentCode=${BULK_DEPARTMENT}&limit=25`;
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const dashboardPath = `${DASHBOARD_PATH}?from=${monthAgo}&to=${today}`;
    const timedReads = async (path: string, user: string): Promise<ReadLatencies> => {
      const token = await bench.token(user);
      const get = async () => {
        const started = performance.now();
        const res = await fetch(`${bench.endpoints.apiUrl}${path}`, {
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          headers: { authorization: `Bearer ${token}` },
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
        return performance.now() - started;
      };
      for (let i = 0; i < 5; i++) await get();
      const medians: number[] = [];
      const all: number[] = [];
      for (let run = 0; run < settings.runs; run++) {
        const samples: number[] = [];
        for (let i = 0; i < settings.readsPerRun; i++) samples.push(await get());
        medians.push(latency(samples).p50);
        all.push(...samples);
      }
      return { cases: loaded, medianMs: spread(medians), overall: latency(all) };
    };

    await load(settings.small);
    const smallQueue = await timedReads(queuePath, READER);
    const smallDashboard = dashboardRoute ? await timedReads(dashboardPath, DASHBOARD_READER) : undefined;
    log(`  ${settings.small} cases: queue p50 ${round(smallQueue.overall.p50)} ms`);
    const loading = await load(settings.large);
    log(`  loaded ${settings.large} cases at ${Math.round(loading.casesPerSecond)}/s`);
    const largeQueue = await timedReads(queuePath, READER);
    const largeDashboard = dashboardRoute ? await timedReads(dashboardPath, DASHBOARD_READER) : undefined;
    log(`  ${settings.large} cases: queue p50 ${round(largeQueue.overall.p50)} ms`);
    return {
      queue: {
        small: smallQueue,
        large: largeQueue,
        ratio: largeQueue.medianMs.median / smallQueue.medianMs.median,
      },
      dashboard:
        smallDashboard && largeDashboard
          ? {
              skipped: false,
              small: smallDashboard,
              large: largeDashboard,
              ratio: largeDashboard.medianMs.median / smallDashboard.medianMs.median,
            }
          : {
              skipped: true,
              reason: `the route GET ${DASHBOARD_PATH} is not in functions/src/manifest.ts yet (issue 8, being built)`,
            },
      loading: {
        method: feedAnalytics
          ? `case items written with BatchWriteItem (25 per call, parallel); the first ${Math.min(settings.large, settings.analyticsFeedLimit)} also with their created events, fed to the analytics consumer in batches of 10`
          : 'case items written with BatchWriteItem (25 per call, parallel) from the repository item builder',
        casesPerSecond: loading.casesPerSecond,
        seconds: loading.seconds,
        analyticsFedCases: feedAnalytics ? Math.min(settings.large, settings.analyticsFeedLimit) : 0,
      },
      queueName: `QUEUE#${BULK_TENANT}#${BULK_DEPARTMENT}`,
    };
  } finally {
    doc.destroy();
  }
}
