import { caseRepositoryFromEnvironment, newId } from '@citydesk/data';
import type { CaseEvent } from '@citydesk/domain';
import { secrets } from '@citydesk/functions/manifest';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ChaosWorld, deliverChaotically, writeChaoticCases } from '../support/analytics-chaos.ts';
import { useHandlerEnvironment } from '../support/handler-invocation.ts';

/*
 * Exactness of the aggregates (issue 8, docs/domain/analytics.md § Drift check): a
 * chaotic run of cases through the real lifecycle and case repository, every event
 * delivered to the real analytics consumer shuffled, partly twice, in parallel
 * batches (some after later events, some after an erasure), then the verification
 * job recomputes the city from its cases: no counter may differ. The run's city is its
 * own, so the comparison covers exactly these cases. ANALYTICS_DRIFT_CASES sets the
 * size (the 10,000-case run: `npm run analytics:drift-check`).
 */

// DynamoDB Local serialises transactions on shared rows slowly (100 cases, ~750 events,
// took minutes on a loaded two-core machine): the suite runs a small chaotic city.
const CASES = Number(process.env.ANALYTICS_DRIFT_CASES ?? 40);
/** Batches the consumer takes at once (the queue's maxConcurrency is 2). */
const CONCURRENCY = Number(process.env.ANALYTICS_DRIFT_CONCURRENCY ?? 2);

type Consumer = (event: SQSEvent) => Promise<SQSBatchResponse>;
let consume: Consumer;
let verify: typeof import('@citydesk/functions/platform/analytics-verification.ts').verifyCityAnalytics;
let world: ChaosWorld;

beforeAll(async () => {
  useHandlerEnvironment();
  const consumer = await import('@citydesk/functions/workers/aggregate-analytics.ts');
  consume = consumer.handler as Consumer;
  ({ verifyCityAnalytics: verify } = await import('@citydesk/functions/platform/analytics-verification.ts'));
  const { cityRuntime } = await import('@citydesk/functions/platform/city-runtime.ts');
  const { lifecycleReference } = await import('@citydesk/functions/platform/lifecycle-runtime.ts');
  const runtime = await cityRuntime('balikesir');
  world = {
    cityId: `chaos${newId().slice(-8).toLowerCase()}`,
    reference: (now) => lifecycleReference(runtime, now),
    workTypes: ['ROAD-POTHOLE-LOCAL', 'ROAD-POTHOLE-ARTERIAL', 'WATER-LEAK-STREET', 'PARK-MAINTENANCE']
      .map((code) => runtime.workTypesByCode.get(code))
      .filter((w) => w !== undefined)
      .concat(runtime.catalog.workTypes.slice(0, 6)),
    // Departments of the city's catalogue: route and transfer targets the lifecycle accepts.
    tenants: runtime.catalog.tenants
      .filter((t) => t.type !== 'metropolitan')
      .slice(0, 6)
      .map((t) => ({ id: t.id, departments: runtime.catalog.departments.slice(0, 3).map((d) => d.code) })),
    metroTenantId: runtime.metroTenantId,
    districts: runtime.catalog.tenants
      .filter((t) => t.type === 'district')
      .slice(0, 5)
      .map((t) => ({
        tenantId: t.id,
        neighbourhoods: runtime.catalog.neighbourhoods
          .filter((nb) => nb.districtTenantId === t.id)
          .slice(0, 6)
          .map((nb) => nb.name),
      })),
  };
});

describe('analytics aggregates', () => {
  it(
    `after a chaotic run of ${CASES} cases with redeliveries, the aggregates equal a recomputation`,
    async () => {
      const repository = caseRepositoryFromEnvironment(secrets.piiHmacKey);
      const started = Date.now();
      const ids = await writeChaoticCases(repository, world, { cases: CASES, seed: 8, concurrency: 8 });
      const events: { caseId: string; eventId: string; type: CaseEvent['type'] }[] = [];
      for (const id of ids) {
        const stored = await repository.getCaseWithTimeline(id);
        for (const e of stored?.events ?? []) events.push({ caseId: id, eventId: e.eventId, type: e.type });
      }
      const written = Date.now();
      const deliveries = await deliverChaotically(events, consume, {
        seed: 8,
        concurrency: CONCURRENCY,
        // Only the long runs report progress: a line a minute with the rate so far.
        ...(CASES > 1_000
          ? {
              progress: (done: number, total: number) =>
                console.info(
                  `analytics drift run: ${done} of ${total} deliveries, ` +
                    `${(done / ((Date.now() - written) / 1000)).toFixed(1)} a second`,
                ),
            }
          : {}),
      });
      const delivered = Date.now();
      const report = await verify(world.cityId, { settleSeconds: 0 });
      console.info(
        `analytics drift run: ${CASES} cases, ${events.length} events, ${deliveries} deliveries; ` +
          `write ${written - started} ms, consume ${delivered - written} ms, verify ${Date.now() - delivered} ms; ` +
          `${report.rowsStored} rows, drift ${report.driftCount}`,
      );
      expect(report.cases).toBe(CASES);
      expect(report.events).toBe(events.length);
      expect(report.pendingEvents).toBe(0);
      expect(report.drift).toEqual([]);
      expect(report.driftCount).toBe(0);
      expect(report.rowsStored).toBeGreaterThan(100);
    },
    Math.max(600_000, CASES * 1_000),
  );
});
