import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/*
 * `npm run test:faults`: the full fault run on its own (docs/reliability.md § Fault
 * injection). It starts its own persistent local cloud with worker processes, so it
 * needs no global setup, and it runs alone: it measures the whole machine.
 */
export default defineConfig({
  test: {
    name: 'faults',
    // The repository root, wherever vitest is started from: the include and test-results/ are relative to it.
    root: fileURLToPath(new URL('../..', import.meta.url)),
    // `npm run test:faults` picks the full run, `test:faults:smoke` the short one.
    include: ['tests/faults/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 4 * 3600_000,
    hookTimeout: 600_000,
  },
});
