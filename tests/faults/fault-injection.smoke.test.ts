import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { expectCleanRun } from './support/clean-run-expectations.ts';
import { runFaultScenario, summarise } from './support/fault-run.ts';

/*
 * The fault suite's CI subset (part of `npm test`): 60 cases through the lifecycle
 * while one worker process is SIGKILLed, DynamoDB Local restarts once, the SMS and
 * e-mail providers fail 30% of sends and time out on 5%, and poison messages sit on
 * every queue. The full run (5,000 cases, more kills and restarts) is
 * `npm run test:faults`; docs/reliability.md has its figures.
 */

it('loses nothing and does nothing twice under a worker kill, a DynamoDB restart, provider faults and poison', async () => {
  const report = await runFaultScenario(
    {
      name: 'smoke',
      cases: 60,
      concurrency: 8,
      workers: 2,
      workerKills: 1,
      dynamoDbRestarts: 1,
      dynamoDbDowntimeMs: 2000,
      providerFailureRate: 0.3,
      providerTimeoutRate: 0.05,
      visibilityTimeoutSeconds: 30,
      notificationRetryBaseSeconds: 2,
      stepDeadlineMs: 180_000,
      quiescenceTimeoutMs: 300_000,
    },
    resolve('test-results', 'faults', 'smoke.log'),
  );
  process.stdout.write(`\n${summarise(report)}\n`);
  expect(report.verification.deadLetters.poison).toBeGreaterThan(0);
  expectCleanRun(report);
}, 1_800_000);
