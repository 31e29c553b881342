import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BenchCloud } from './bench-cloud.ts';
import { type Latency, latency, sleep } from './bench-statistics.ts';
import { postCase } from './intake-throughput.ts';

/*
 * Measurement 3: from the 201 of a POST to the case being visible in its owning
 * department's queue, which takes the table's stream, the outbox dispatcher, the
 * routing queue and the routing consumer. "Visible" is read where the queue API reads
 * it: the gsi1 entry `QUEUE#<tenant>#<department>` with the case's own sort key.
 */

export interface RoutingSettings {
  cases: number;
  /** New cases per second while measuring (each one polled on its own). */
  ratePerSecond: number;
  pollMs: number;
}

export interface RoutingResult {
  latency: Latency;
  queue: string;
  pollMs: number;
  timedOut: number;
}

export function benchDocumentClient(bench: BenchCloud): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: bench.endpoints.dynamodbEndpoint,
      region: bench.endpoints.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}

/** The case id of a tracking number: the uniqueness item written with the case. */
export async function caseIdOf(
  doc: DynamoDBDocumentClient,
  table: string,
  trackingNo: string,
): Promise<string> {
  const digits = trackingNo.replaceAll('-', '');
  const { Item } = await doc.send(
    new GetCommand({ TableName: table, Key: { pk: `TRACK#${digits}`, sk: '#TRACK' } }),
  );
  if (!Item?.caseId) throw new Error(`no case for tracking number ${trackingNo}`);
  return String(Item.caseId);
}

export async function measureRoutingLatency(
  bench: BenchCloud,
  settings: RoutingSettings,
  log: (line: string) => void,
): Promise<RoutingResult> {
  const table = bench.endpoints.tables.main ?? '';
  const doc = benchDocumentClient(bench);
  try {
    // Which queue and sort-key rank a pothole gets: learnt from one routed case.
    const first = await postCase(bench.endpoints.apiUrl);
    const firstId = await caseIdOf(doc, table, String(first.json.trackingNo));
    let queue = '';
    let rank = '';
    for (let i = 0; i < 6000 && !queue; i++) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: table, Key: { pk: `CASE#${firstId}`, sk: '#CASE' } }),
      );
      if (Item?.gsi1pk) {
        queue = String(Item.gsi1pk);
        rank = String(Item.gsi1sk).split('#')[0] ?? '';
      } else await sleep(50);
    }
    if (!queue) throw new Error('the warm-up case was never routed');

    const samples: number[] = [];
    let timedOut = 0;
    const measureOne = async () => {
      const r = await postCase(bench.endpoints.apiUrl);
      const answeredAt = performance.now();
      if (r.status !== 201) throw new Error(`POST failed: ${r.status}`);
      const caseId = await caseIdOf(doc, table, String(r.json.trackingNo));
      const sortKey = `${rank}#${String(r.json.slaDueAt)}#${caseId}`;
      const deadline = answeredAt + 30_000;
      while (performance.now() < deadline) {
        const page = await doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
            ExpressionAttributeValues: { ':pk': queue, ':sk': sortKey },
            Select: 'COUNT',
          }),
        );
        if ((page.Count ?? 0) > 0) {
          samples.push(performance.now() - answeredAt);
          return;
        }
        await sleep(settings.pollMs);
      }
      timedOut++;
    };
    const pending: Promise<void>[] = [];
    for (let i = 0; i < settings.cases; i++) {
      pending.push(measureOne());
      await sleep(1000 / settings.ratePerSecond);
    }
    await Promise.all(pending);
    const result = { latency: latency(samples), queue, pollMs: settings.pollMs, timedOut };
    log(
      `  routing: p50 ${Math.round(result.latency.p50)} ms, p95 ${Math.round(result.latency.p95)} ms (${samples.length} cases)`,
    );
    return result;
  } finally {
    doc.destroy();
  }
}
