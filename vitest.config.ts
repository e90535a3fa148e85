import { defineConfig } from 'vitest/config';

// The default run: unit tests plus short end-to-end runs on real processes.
// Long soaks live in vitest.long.config.ts (`npm run test:long`), the fault-injection suite in
// vitest.faults.config.ts (`npm run test:faults`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.long.test.ts', 'test/faults/**', 'test/protocols/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // End-to-end tests spawn several processes each; two cores cannot run many at once.
    maxWorkers: 2,
  },
});
