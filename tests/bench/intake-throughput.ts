import { randomInt } from 'node:crypto';
import {
  DynamoDBClient,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { idempotencyTable, mainTable } from '@citydesk/data';
import { ensureTable, readSdkAccounting } from '@citydesk/local-cloud';
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

/*
 * Measurements 1 and 2 of issue 10. The ceiling is DynamoDB Local's throughput for the
 * very TransactWriteItems a case creation sends: captured from a real POST (the SDK
 * accounting keeps the last one), then replayed with fresh ids through the plain SDK
 * at the same concurrency, into tables of the same definitions that no stream poller
 * reads (so the replay does not start routing pipelines for cases that do not exist).
 * Intake is the real thing: POST /v1/public/cases through the local gateway and the
 * handler, with everything it triggers running behind it, as it does in production.
 */

export interface IntakeSettings {
  /** Writes (ceiling) and requests (intake) per run. */
  requestsPerRun: number;
  concurrency: number;
  warmupRequests: number;
  runs: number;
  /** Open-loop latency: fixed offered load for this long, per run. */
  offeredRatePerSecond: number;
  offeredSeconds: number;
}

export interface IntakeResult {
  concurrency: number;
  requestsPerRun: number;
  ceilingPerSecond: Spread;
  intakePerSecond: Spread;
  /** Median intake throughput over median ceiling (target ≥ 0.5). */
  ratioToCeiling: number;
  /** Items in the replayed transaction: the shape of a case creation. */
  transactionItems: number;
  /** Write units DynamoDB Local reported for one replayed creation transaction. */
  transactionWriteUnits: number;
  /** At the target's offered load (50 req/s). */
  openLoop: OpenLoopSeries;
  /**
   * At half the ceiling, when the ceiling is under twice the target's load: what a
   * request costs on this machine when it is not waiting behind the emulator's limit.
   */
  openLoopAtHalfCeiling?: OpenLoopSeries;
}

export interface OpenLoopSeries {
  offeredRatePerSecond: number;
  seconds: number;
  /** Latency from each request's scheduled start (no coordinated omission), per run. */
  runs: Latency[];
  /** All runs' samples together. */
  overall: Latency;
  errors: number;
}

/** A pothole in Toygar (Karesi): a district work type, routed to the district's FEN department. */
export function potholeBody(phone = randomPhone()) {
  return {
    workTypeCode: 'ROAD-POTHOLE-LOCAL',
    description: 'Sokağımızda derin bir çukur var, araçlar zarar görüyor.',
    location: { lat: 39.6531, lon: 27.8962, neighbourhood: 'Toygar', address: 'Toygar Mah. 3. Sokak' },
    contact: {
      name: 'Ayşe Yılmaz',
      phone,
      preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
    },
    consent: { accepted: true, noticeVersion: '2026-11' },
  };
}

export function randomPhone(): string {
  return `0532${String(randomInt(10_000_000)).padStart(7, '0')}`;
}

let sequence = 0;

/** Files one case through the gateway; resolves with the 201's body and the round trip. */
export async function postCase(
  apiUrl: string,
  body: unknown = potholeBody(),
): Promise<{ status: number; ms: number; json: Record<string, unknown> }> {
  const started = performance.now();
  const res = await fetch(`${apiUrl}/v1/public/cases`, {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // Portals send one per submission: the idempotency claim is part of the transaction.
      'idempotency-key': `bench-${process.pid}-${Date.now()}-${sequence++}`,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, ms: performance.now() - started, json };
}

/** Runs `total` calls of `task` with `concurrency` in flight; throughput in calls per second. */
export async function closedLoop(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<{ perSecond: number; ms: number }> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) await task(i);
    }),
  );
  const ms = performance.now() - started;
  return { perSecond: (total / ms) * 1000, ms };
}

/**
 * Open loop: request i starts at t0 + i/rate whatever happened to the ones before, and
 * its latency counts from that scheduled instant, so a stall shows up in the tail
 * instead of silently lowering the offered load.
 */
export async function openLoop(
  ratePerSecond: number,
  seconds: number,
  task: () => Promise<boolean>,
): Promise<{ samples: number[]; errors: number }> {
  const total = Math.round(ratePerSecond * seconds);
  const interval = 1000 / ratePerSecond;
  const samples: number[] = [];
  let errors = 0;
  const t0 = performance.now() + 20;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(
      task().then(
        (ok) => {
          if (ok) samples.push(performance.now() - due);
          else errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { samples, errors };
}

const ULID = /[0-9A-HJKMNP-TV-Z]{26}/g;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const freshUlid = () => Array.from({ length: 26 }, () => CROCKFORD[randomInt(32)]).join('');

/** The captured creation with every id (ULIDs, tracking number, idempotency key) fresh, aimed at `tables`. */
function freshCreation(
  template: TransactWriteItemsCommandInput,
  tables: { main: string; idempotency: string; sourceIdempotency: string },
): TransactWriteItemsCommandInput {
  const trackingPk = template.TransactItems?.find((i) => i.Put?.Item?.entity?.S === 'TrackingNumber')?.Put
    ?.Item?.pk?.S;
  const trackingNo = trackingPk?.split('#')[1] ?? '';
  const fresh = new Map<string, string>();
  let text = JSON.stringify(template).replace(ULID, (id) => {
    let replacement = fresh.get(id);
    if (!replacement) {
      replacement = freshUlid();
      fresh.set(id, replacement);
    }
    return replacement;
  });
  if (trackingNo) text = text.replaceAll(trackingNo, String(randomInt(1e11, 1e12 - 1)));
  const copy = JSON.parse(text) as TransactWriteItemsCommandInput;
  for (const item of copy.TransactItems ?? []) {
    const put = item.Put;
    if (!put) continue;
    if (put.TableName === tables.sourceIdempotency) {
      put.TableName = tables.idempotency;
      if (put.Item?.pk?.S) put.Item.pk = { S: `${put.Item.pk.S}#${freshUlid()}` };
    } else put.TableName = tables.main;
  }
  return copy;
}

export async function measureIntake(
  bench: BenchCloud,
  settings: IntakeSettings,
  log: (line: string) => void,
): Promise<IntakeResult> {
  const { apiUrl } = bench.endpoints;
  // Warm-up: handlers imported, clients connected, JIT warm; the last creation is captured.
  for (let i = 0; i < settings.warmupRequests; i++) {
    const r = await postCase(apiUrl);
    if (r.status !== 201) throw new Error(`warm-up POST failed: ${r.status} ${JSON.stringify(r.json)}`);
  }
  const template = readSdkAccounting().lastCaseCreation as TransactWriteItemsCommandInput | undefined;
  if (!template?.TransactItems)
    throw new Error('no case-creation transaction was captured (is CITYDESK_SDK_ACCOUNTING on?)');

  const dynamodb = new DynamoDBClient({
    endpoint: bench.endpoints.dynamodbEndpoint,
    region: bench.endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const tables = {
      main: (await ensureTable(dynamodb, mainTable, 'citydesk-bench-ceiling-main')).tableName,
      idempotency: (await ensureTable(dynamodb, idempotencyTable, 'citydesk-bench-ceiling-idempotency'))
        .tableName,
      sourceIdempotency: bench.endpoints.tables[idempotencyTable.nameSuffix] ?? '',
    };
    const probe = await dynamodb.send(
      new TransactWriteItemsCommand({ ...freshCreation(template, tables), ReturnConsumedCapacity: 'TOTAL' }),
    );
    const transactionWriteUnits = (probe.ConsumedCapacity ?? []).reduce(
      (s, c) => s + (c.CapacityUnits ?? 0),
      0,
    );
    const write = async () => {
      await dynamodb.send(new TransactWriteItemsCommand(freshCreation(template, tables)));
    };
    await closedLoop(settings.warmupRequests, settings.concurrency, write);

    const ceiling: number[] = [];
    const intake: number[] = [];
    for (let run = 0; run < settings.runs; run++) {
      // Alternate, so a change in the machine's load hits both series alike.
      const c = await closedLoop(settings.requestsPerRun, settings.concurrency, write);
      ceiling.push(c.perSecond);
      const p = await closedLoop(settings.requestsPerRun, settings.concurrency, async () => {
        const r = await postCase(apiUrl);
        if (r.status !== 201) throw new Error(`intake POST failed: ${r.status} ${JSON.stringify(r.json)}`);
      });
      intake.push(p.perSecond);
      log(`  run ${run + 1}: ceiling ${round(c.perSecond)}/s, intake ${round(p.perSecond)}/s`);
      // Let routing and notifications of this run's cases drain before the next one.
      await sleep(settings.requestsPerRun * 5);
    }

    const series = async (rate: number, label: string): Promise<OpenLoopSeries> => {
      const runs: Latency[] = [];
      const all: number[] = [];
      let errors = 0;
      for (let run = 0; run < settings.runs; run++) {
        const r = await openLoop(rate, settings.offeredSeconds, async () => {
          const answer = await postCase(apiUrl);
          return answer.status === 201;
        });
        runs.push(latency(r.samples));
        all.push(...r.samples);
        errors += r.errors;
        log(
          `  ${label} ${run + 1}: p50 ${round(runs.at(-1)?.p50 ?? 0)} ms, p99 ${round(runs.at(-1)?.p99 ?? 0)} ms`,
        );
        await sleep(2000);
      }
      return {
        offeredRatePerSecond: rate,
        seconds: settings.offeredSeconds,
        runs,
        overall: latency(all),
        errors,
      };
    };
    const atTarget = await series(
      settings.offeredRatePerSecond,
      `open loop at ${settings.offeredRatePerSecond}/s`,
    );
    // Above the ceiling requests can only queue: half of it shows the handler's own latency.
    const ceilingPerSecond = spread(ceiling);
    const intakePerSecond = spread(intake);
    const halfCeiling =
      ceilingPerSecond.median < 2 * settings.offeredRatePerSecond
        ? await series(Math.max(1, Math.round(ceilingPerSecond.median / 2)), 'open loop at half the ceiling')
        : undefined;
    return {
      concurrency: settings.concurrency,
      requestsPerRun: settings.requestsPerRun,
      ceilingPerSecond,
      intakePerSecond,
      ratioToCeiling: intakePerSecond.median / ceilingPerSecond.median,
      transactionItems: template.TransactItems.length,
      transactionWriteUnits,
      openLoop: atTarget,
      ...(halfCeiling ? { openLoopAtHalfCeiling: halfCeiling } : {}),
    };
  } finally {
    dynamodb.destroy();
  }
}
