import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/*
 * The full route fuzzing campaign (`npm run test:fuzz`, docs/reliability.md): 10,000
 * generated requests and the 10 MB boundary on every write route, against its own
 * in-memory local cloud. Kept out of `npm test`, whose integration project runs the
 * CI-sized share (tests/integration/hostile-input-fuzz.test.ts).
 */
export default defineConfig({
  test: {
    name: 'fuzz',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/reliability/**/*.test.ts'],
    globalSetup: ['tests/support/local-cloud-setup.ts'],
    fileParallelism: false,
    reporters: ['default'],
    testTimeout: 3_600_000,
    hookTimeout: 180_000,
  },
});
