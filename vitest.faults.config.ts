import { defineConfig } from 'vitest/config';

// The fault-injection suite (`npm run test:faults`, issue 14): signals to the process group, hangs and
// deaths mid-snapshot, orphans, full disks on tmpfs, --out mistakes, caps. Real processes throughout;
// the full-disk tests mount tmpfs (root in CI) and skip with a message where that is not permitted.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Each test runs a soak with its own processes; two cores run two at a time.
    maxWorkers: 2,
  },
});
