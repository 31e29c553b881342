import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  CaseRepository,
  createDocumentClient,
  idempotencyTable,
  trackingKey,
  VersionConflictError,
} from '@citydesk/data';
import type { Case } from '@citydesk/domain';
import { localCloudEnvironment } from '@citydesk/local-cloud';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { postJson } from '../support/api-client.ts';
import { potholeSubmission } from '../support/case-fixtures.ts';
import { casePartition, mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * The SLA sweep against the real local cloud: a filed case is made overdue through
 * the repository (as time would), the scheduled handler runs (twice at once, then
 * until it finds nothing left to do), and the timeline holds exactly one
 * `escalated` event per level. The case may be routed meanwhile (the routing
 * worker runs in the same cloud): the sweep escalates NEW and routed cases alike,
 * and a routing that lands between two steps is a version conflict the next run
 * resolves, which is exactly what this test must tolerate.
 */

type Sweep = typeof import('@citydesk/functions/workers/sla-sweep.ts');

let repository: CaseRepository;
let sweep: Sweep['handler'];

/** No phone number: the citizen-history HMAC (and its key) plays no part here. */
const noPhone = { preference: { channel: 'none', granularity: 'result_only', language: 'tr' } };

beforeAll(async () => {
  // The handler reads table names and endpoints at import, as on Lambda.
  Object.assign(process.env, localCloudEnvironment(inject('endpoints')));
  repository = new CaseRepository({
    doc: createDocumentClient(),
    mainTableName: mainTableName(),
    idempotencyTableName: inject('endpoints').tables[idempotencyTable.nameSuffix] as string,
    hashPhone: () => {
      throw new Error('the cases of this test have no phone number');
    },
  });
  ({ handler: sweep } = await import('@citydesk/functions/workers/sla-sweep.ts'));
});

/** Files a pothole through the public API and returns its case id. */
async function fileCase(location: { lat: number; lon: number; neighbourhood: string }): Promise<string> {
  const created = await postJson('/v1/public/cases', potholeSubmission(location, noPhone));
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const trackingNo = String(created.json.trackingNo).replaceAll('-', '');
  const { Item } = await testDocumentClient().send(
    new GetCommand({ TableName: mainTableName(), Key: trackingKey(trackingNo) }),
  );
  return String(Item?.caseId);
}

/** Moves a case's SLA due time, as a re-timing would: a version-checked transition, retried on conflict. */
async function setDueAt(caseId: string, dueAt: Date): Promise<Case> {
  for (;;) {
    const before = await repository.getCase(caseId);
    if (!before) throw new Error(`case ${caseId} not found`);
    const after: Case = { ...before, slaDueAt: dueAt.toISOString(), version: before.version + 1 };
    try {
      await repository.saveTransition({ before, after, events: [], intents: [] });
      return after;
    } catch (err) {
      if (!(err instanceof VersionConflictError)) throw err;
    }
  }
}

/** Two sweeps at once, then sweeps until one finds nothing to do (at most five). */
async function sweepUntilSettled(): Promise<void> {
  const concurrent = await Promise.all([sweep({}), sweep({ time: new Date().toISOString() })]);
  expect(concurrent.every((s) => s.failures === 0)).toBe(true);
  for (let run = 0; run < 5; run++) {
    const summary = await sweep(undefined);
    expect(summary.failures).toBe(0);
    if (summary.escalations === 0 && summary.conflicts === 0) return;
  }
  throw new Error('the sweep kept finding work');
}

async function escalationCounts(caseId: string): Promise<Record<string, number>> {
  const timeline = await repository.getCaseWithTimeline(caseId);
  const counts: Record<string, number> = {};
  for (const e of timeline?.events ?? [])
    if (e.type === 'escalated') counts[String(e.data?.level)] = (counts[String(e.data?.level)] ?? 0) + 1;
  return counts;
}

const dumlupinar = { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' };

describe('SLA sweep', () => {
  it('indexes a filed case for the sweep by its due time (gsi6)', async () => {
    const caseId = await fileCase(dumlupinar);
    const item = (await casePartition(testDocumentClient(), caseId)).find((i) => i.sk === '#CASE');
    expect(item?.gsi6pk).toBe('SLA#balikesir');
    expect(item?.gsi6sk).toBe(`${String(item?.slaDueAt)}#${caseId}`);
    expect(Date.parse(String(item?.slaDueAt))).toBeGreaterThan(Date.parse(String(item?.createdAt)));
  });

  it('records each escalation level exactly once, however often and concurrently it runs', async () => {
    const caseId = await fileCase({ lat: 39.63, lon: 27.886, neighbourhood: 'Gümüşçeşme' });
    await sweepUntilSettled();
    expect(await escalationCounts(caseId)).toEqual({});

    // Just past due: the unit's warning and the supervisor's breach, nothing higher.
    await setDueAt(caseId, new Date(Date.now() - 60_000));
    await sweepUntilSettled();
    expect(await escalationCounts(caseId)).toEqual({ approaching: 1, breached: 1 });
    expect((await repository.getCase(caseId))?.slaEscalation?.level).toBe('breached');

    // Three months late (far beyond twice a pothole's 120 working hours): the ladder
    // starts afresh for the new due time and climbs to the manager, each level once.
    const late = await setDueAt(caseId, new Date(Date.now() - 90 * 86_400_000));
    await sweepUntilSettled();
    expect(await escalationCounts(caseId)).toEqual({
      approaching: 2,
      breached: 2,
      'escalated-coordinator': 1,
      'escalated-manager': 1,
    });
    expect((await repository.getCase(caseId))?.slaEscalation).toMatchObject({
      level: 'escalated-manager',
      dueAt: late.slaDueAt,
    });

    // Each step left its intents in the outbox: analytics always, a staff alert for
    // every audience but the warning of a case already late (both times here).
    const intents = (await casePartition(testDocumentClient(), caseId))
      .filter((i) => i.entity === 'Outbox')
      .map((i) => i.intent as { intent: string; audience?: string; eventType?: string });
    const staffAlerts = intents.filter((i) => i.intent === 'notify-staff').map((i) => i.audience);
    expect(staffAlerts.sort()).toEqual(['coordinator', 'manager', 'supervisor', 'supervisor']);
    expect(intents.filter((i) => i.intent === 'analytics' && i.eventType === 'escalated')).toHaveLength(6);
  });

  it('uses the schedule time but never a time ahead of the real clock', async () => {
    const caseId = await fileCase(dumlupinar);
    // A bogus schedule time a year ahead must not make a fresh case late.
    await sweep({ time: new Date(Date.now() + 365 * 86_400_000).toISOString() });
    expect(await escalationCounts(caseId)).toEqual({});
  });
});
