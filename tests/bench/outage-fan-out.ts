import { randomInt } from 'node:crypto';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { caseItem, caseRepositoryFromEnvironment, incidentCaseKey, incidentKey } from '@citydesk/data';
import type { Case } from '@citydesk/domain';
import { secrets } from '@citydesk/functions/manifest';
import type { BenchCloud } from './bench-cloud.ts';
import { REQUEST_TIMEOUT_MS, round, sleep } from './bench-statistics.ts';
import { closedLoop, postCase, randomPhone } from './intake-throughput.ts';
import { benchDocumentClient, caseIdOf } from './routing-latency.ts';

/*
 * Measurement 5: a water outage ends and every attached citizen is told, through the
 * real fan-out worker (plan pages of 500, chunks of 25), the lifecycle's resolve and
 * the notify pipeline, into the dev outbox. One case is filed and attached through the
 * real intake and routing; the rest are copies of it (fresh ids, tracking numbers and
 * phone numbers) written with the attachment items straight into the table, as if
 * routing had attached them: 10,000 citizens through HTTP would be a benchmark of
 * intake. The clock runs from the end's 200 to the last `resolved` message stored; a
 * second message for the same case is a duplicate.
 */

export interface FanOutSettings {
  citizens: number;
  timeoutSeconds: number;
  writeConcurrency: number;
}

export interface FanOutResult {
  citizens: number;
  delivered: number;
  duplicates: number;
  /** From the end's 200 to the last delivery stored. */
  secondsToLastDelivery: number;
  messagesPerSecond: number;
  /** Seconds until the first and the median delivery. */
  secondsToFirstDelivery: number;
  secondsToMedianDelivery: number;
  timedOut: boolean;
  seeding: { seconds: number; method: string };
}

const toygar = { lat: 39.6531, lon: 27.8962, neighbourhood: 'Toygar', address: 'Toygar Mah. 3. Sokak' };

async function api(bench: BenchCloud, method: string, path: string, user: string, body?: unknown) {
  const res = await fetch(`${bench.endpoints.apiUrl}${path}`, {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await bench.token(user)}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function batchPut(doc: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]) {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  while (pending.length) {
    const r = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = (r.UnprocessedItems?.[table] ?? []) as typeof pending;
    if (pending.length) await sleep(20);
  }
}

export async function measureFanOut(
  bench: BenchCloud,
  settings: FanOutSettings,
  log: (line: string) => void,
): Promise<FanOutResult> {
  const table = bench.endpoints.tables.main ?? '';
  const doc = benchDocumentClient(bench);
  try {
    const declared = await api(bench, 'POST', '/v1/staff/incidents', 'baski.supervisor', {
      tenantId: 'baski',
      workTypeGroup: 'WATER',
      area: {
        neighbourhoods: [{ districtTenantId: 'balikesir-karesi', name: 'Toygar' }],
        circles: [{ center: { lat: toygar.lat, lon: toygar.lon }, radiusMetres: 300 }],
      },
      title: 'Toygar ana hat arızası (benchmark)',
      publicMessage: { tr: 'Toygar Mahallesinde ana hat arızası nedeniyle su kesintisi var.' },
      agentScript: { tr: 'Toygar ana hat arızası biliniyor; ekipler çalışıyor.' },
      expectedEndAt: new Date(Date.now() + 6 * 3_600_000).toISOString(),
    });
    if (declared.status !== 201)
      throw new Error(`declaring the incident failed: ${declared.status} ${JSON.stringify(declared.json)}`);
    const incidentId = String(declared.json.id);
    const version = Number(declared.json.version);

    // The template: a real water complaint, attached by the real routing.
    const filed = await postCase(bench.endpoints.apiUrl, {
      workTypeCode: 'WATER-NO-SUPPLY',
      description: 'Sabahtan beri evimizde su yok, komşularda da yok.',
      location: toygar,
      contact: {
        name: 'Fatma Demir',
        phone: randomPhone(),
        preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
      },
      consent: { accepted: true, noticeVersion: '2026-11' },
    });
    if (filed.status !== 201) throw new Error(`filing the template failed: ${filed.status}`);
    const templateId = await caseIdOf(doc, table, String(filed.json.trackingNo));
    const repository = caseRepositoryFromEnvironment(secrets.piiHmacKey, doc);
    let template: Case | undefined;
    for (let i = 0; i < 6000 && !template; i++) {
      const c = await repository.getCase(templateId);
      if (c?.incidentId === incidentId) template = c;
      else await sleep(50);
    }
    if (!template) throw new Error('the template case was never attached to the incident');

    const seedingStarted = performance.now();
    const copies = settings.citizens - 1;
    const base = Date.now();
    const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const newId = () => `01${Array.from({ length: 24 }, () => CROCKFORD[randomInt(32)]).join('')}`;
    await closedLoop(Math.ceil(copies / 12), settings.writeConcurrency, async (b) => {
      const size = Math.min(12, copies - b * 12);
      const items: Record<string, unknown>[] = [];
      for (let k = 0; k < size; k++) {
        const id = newId();
        const phone = `+90532${String(1_000_000 + b * 12 + k).padStart(7, '0')}`;
        const c: Case = {
          ...(template as Case),
          id,
          trackingNo: String(200_000_000_000 + b * 12 + k),
          ...(template?.contact ? { contact: { ...template.contact, phone } } : {}),
        };
        items.push(caseItem(c, undefined), {
          ...incidentCaseKey(incidentId, id),
          entity: 'IncidentCase',
          incidentId,
          caseId: id,
          attachedAt: new Date(base).toISOString(),
        });
      }
      await batchPut(doc, table, items);
    });
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: incidentKey(incidentId),
        UpdateExpression: 'SET attachedCount = attachedCount + :n',
        ExpressionAttributeValues: { ':n': copies },
      }),
    );
    const seedingSeconds = (performance.now() - seedingStarted) / 1000;
    log(`  seeded ${settings.citizens} attached cases in ${round(seedingSeconds)} s`);

    const since = new Date().toISOString();
    const ended = await api(bench, 'POST', `/v1/staff/incidents/${incidentId}/end`, 'baski.supervisor', {
      expectedVersion: version,
      closingMessage: { tr: 'Toygar ana hattı onarıldı, su verildi.', en: 'The Toygar main is repaired.' },
    });
    const t0 = performance.now();
    if (ended.status !== 200)
      throw new Error(`ending the incident failed: ${ended.status} ${JSON.stringify(ended.json)}`);

    // Read the dev outbox partition forward from the end, each message once.
    const perCase = new Map<string, number>();
    const deliveredAt: number[] = [];
    let cursor = since;
    let lastProgress = performance.now();
    const deadline = t0 + settings.timeoutSeconds * 1000;
    while (perCase.size < settings.citizens && performance.now() < deadline) {
      let startKey: Record<string, unknown> | undefined;
      let seen = 0;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND sk > :since',
            ExpressionAttributeValues: { ':pk': 'DEVOUTBOX', ':since': cursor },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          cursor = String(item.sk);
          seen++;
          if (item.event !== 'resolved') continue;
          const caseId = String(item.caseId);
          perCase.set(caseId, (perCase.get(caseId) ?? 0) + 1);
          deliveredAt.push(Date.parse(String(item.at)));
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      if (seen > 0) lastProgress = performance.now();
      if (performance.now() - lastProgress > 60_000 && perCase.size > 0) {
        // Nothing new for a minute: the rest is stuck or lost, not slow. (Resolving the
        // cases comes first, in chunks, so a loaded machine may deliver nothing for a while.)
        break;
      }
      await sleep(500);
    }
    const endMs = Date.parse(since);
    deliveredAt.sort((a, b) => a - b);
    const last = (deliveredAt.at(-1) ?? endMs) - endMs;
    const delivered = perCase.size;
    const duplicates = [...perCase.values()].reduce((sum, n) => sum + n - 1, 0);
    log(
      `  fan-out: ${delivered}/${settings.citizens} citizens told, last after ${round(last / 1000)} s, ${duplicates} duplicates`,
    );
    return {
      citizens: settings.citizens,
      delivered,
      duplicates,
      secondsToLastDelivery: last / 1000,
      messagesPerSecond: delivered / Math.max(0.001, last / 1000),
      secondsToFirstDelivery: ((deliveredAt[0] ?? endMs) - endMs) / 1000,
      secondsToMedianDelivery: ((deliveredAt[Math.floor(deliveredAt.length / 2)] ?? endMs) - endMs) / 1000,
      timedOut: delivered < settings.citizens,
      seeding: {
        seconds: seedingSeconds,
        method:
          'one case attached by the real routing; the others as copies of it, written with the attachment items by BatchWriteItem',
      },
    };
  } finally {
    doc.destroy();
  }
}
