import { defineConfig } from 'vitest/config';

// Published protocol stacks (socket.io, graphql-ws, mqtt.js) through the fault proxy: ~30 s a soak (mqtt 75 s),
// two at a time. `npm run test:protocols`; needs `npm ci --prefix test/fixtures/protocols`.
export default defineConfig({
  test: {
    include: ['test/protocols/**/*.test.ts'],
    testTimeout: 90_000,
    maxWorkers: 2,
    fileParallelism: false,
    // Two soaks at a time: each is four processes (orchestrator, client, proxy, server).
    sequence: { concurrent: true },
    maxConcurrency: 2,
  },
});
