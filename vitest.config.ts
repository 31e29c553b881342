import { defineConfig } from 'vitest/config';

/*
 * One `vitest run` covers every suite. Unit tests need nothing running; the
 * integration and browser suites share one in-memory local cloud on random free
 * ports, started by the global setup; the infra suite synthesises the CDK app. The
 * fault suite's smoke run comes last, alone: it starts its own persistent cloud and
 * worker processes, kills one and restarts DynamoDB Local (docs/reliability.md). The
 * full fault run (`npm run test:faults`) and the benchmark's smoke run
 * (`npm run bench:smoke`) have configs of their own.
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'functions/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            'web/src/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/browser/**/*.test.ts'],
          globalSetup: ['tests/support/local-cloud-setup.ts'],
          // Every file talks to the same emulators on a 2-core machine: one file at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // A page's first render or a queue's next state can take seconds on a loaded
          // machine; polls that name no timeout wait this long instead of vitest's 1 s.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
      {
        test: {
          name: 'faults-smoke',
          include: ['tests/faults/fault-injection.smoke.test.ts'],
          // After every other project (they are group 0): no suite competes with its kills and restarts.
          sequence: { groupOrder: 1 },
          testTimeout: 1_800_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
