import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { expectCleanRun } from './support/clean-run-expectations.ts';
import { runFaultScenario, summarise } from './support/fault-run.ts';

/*
 * The full fault run (`npm run test:faults`, not part of `npm test`: it takes tens of
 * minutes): 5,000 cases through the lifecycle via the HTTP API at a steady
 * concurrency, while worker processes are SIGKILLed at random points, DynamoDB Local
 * (persistent) restarts twice, the providers fail 30% of sends and time out on 5%,
 * and poison messages sit on every queue. FAULT_CASES scales it down for a try-out.
 * The report lands in test-results/faults/full.json; docs/reliability.md records it.
 */

const cases = Number(process.env.FAULT_CASES ?? 5000);
/** FAULT_MINUTES time-boxes the filing on a slow machine: the checks then cover the cases that ran. */
const minutes = process.env.FAULT_MINUTES ? Number(process.env.FAULT_MINUTES) : undefined;

it(
  `${cases} cases: nothing lost, nothing twice, every case where its script left it, no aggregate drift`,
  async () => {
    const report = await runFaultScenario(
      {
        name: 'full',
        cases,
        concurrency: 12,
        workers: 3,
        workerKills: Math.max(3, Math.round(cases / 250)),
        dynamoDbRestarts: 2,
        dynamoDbDowntimeMs: 3000,
        providerFailureRate: 0.3,
        providerTimeoutRate: 0.05,
        visibilityTimeoutSeconds: 30,
        notificationRetryBaseSeconds: 5,
        ...(minutes ? { fileForMs: minutes * 60_000 } : {}),
        stepDeadlineMs: 600_000,
        quiescenceTimeoutMs: 1_800_000,
      },
      resolve('test-results', 'faults', 'full.log'),
    );
    process.stdout.write(`\n${summarise(report)}\n`);
    expect(report.verification.deadLetters.poison).toBeGreaterThan(0);
    expectCleanRun(report);
  },
  4 * 3600_000,
);
