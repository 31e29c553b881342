import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/*
 * `npm run bench:smoke`: the benchmark's quick run as a test (it completes and writes
 * every section). Not part of `npm test`: on this 2-core machine the quick run needs
 * about two minutes of CPU, which the shared suite cannot spare (docs/benchmarks.md).
 */
export default defineConfig({
  test: {
    name: 'bench-smoke',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/bench/bench-quick.test.ts'],
    testTimeout: 900_000,
  },
});
