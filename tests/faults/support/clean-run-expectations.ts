import { expect } from 'vitest';
import type { FaultRunReport } from './fault-run.ts';

/*
 * The "afterwards assert", one expectation per promise, each printing the
 * offending cases or messages when it fails: shared by the CI smoke run and the full run.
 */
export function expectCleanRun(report: FaultRunReport): void {
  const v = report.verification;
  const o = report.options;
  expect(report.scriptErrors, 'every script finished').toEqual([]);
  expect(report.faults.workerKills, 'workers were killed').toBe(o.workerKills);
  expect(report.faults.dynamoDbRestarts, 'DynamoDB Local restarted').toBe(o.dynamoDbRestarts);
  // Every accepted case exists, exactly once.
  expect(report.casesRun).toBeGreaterThan(0);
  expect(v.casesFiled).toBe(report.casesRun);
  expect(v.missingCases, 'accepted cases missing from the table').toEqual([]);
  expect(v.unexpectedCases, 'cases stored that no 201 named').toEqual([]);
  expect(v.keysWithSeveralCases, 'idempotency keys with more than one case').toEqual([]);
  expect(v.caseItems).toBe(report.casesRun);
  expect(v.trackingItems, 'one tracking number per case').toBe(report.casesRun);
  // Every case reached the state its script drove it to.
  expect(v.wrongStates.slice(0, 20), 'cases in another state than their script left them').toEqual([]);
  // Every required notification delivered exactly once, or in the DLQ with a reason.
  expect(v.notifications.duplicated.slice(0, 20), 'notifications sent twice').toEqual([]);
  expect(v.notifications.lost.slice(0, 20), 'notifications neither delivered nor dead-lettered').toEqual([]);
  expect(v.notifications.deliveredOnce + v.notifications.deadLettered).toBe(v.notifications.required);
  expect(v.notifications.required).toBeGreaterThan(0);
  // Poison messages end in their DLQ, each dead letter with the reason it died.
  expect(v.deadLetters.poisonMissing, 'poison messages not in their DLQ').toEqual([]);
  expect(v.deadLetters.unexplained.slice(0, 20), 'dead letters without a reason').toEqual([]);
  // The aggregates equal a recomputation.
  expect(report.aggregates.pendingEvents, 'events the analytics consumer never applied').toBe(0);
  expect(report.aggregates.drift, 'aggregate drift').toEqual([]);
  expect(report.aggregates.driftCount).toBe(0);
}
