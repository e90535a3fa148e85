/**
 * Bench target for bench/sites.mjs: a client that holds SITES_BALLAST_MB MiB of live objects (the
 * heap the cost goal names, 100 MB) and leaks one small record per connection, so the run
 * fails and has a sites phase.
 */
import WebSocket from 'ws';

import { setImmediate as yieldToLoop } from 'node:timers/promises';

const BALLAST_MB = Number(process.env.SITES_BALLAST_MB ?? '100');
// Measured: a record with its 48-character string takes ~250 B of heap (1M records: 259 MB heapUsed),
// so 4,000 records a MiB make a heap of about BALLAST_MB.
const RECORDS_PER_MB = 4_000;
/** Records made between two turns of the event loop, so the probe's samples keep coming while the ballast grows. */
const CHUNK = 20_000;
const ballast = [];

async function fillBallast() {
  for (let i = 0; i < BALLAST_MB * RECORDS_PER_MB; i++) {
    ballast.push({ i, text: `ballast record ${i}`.padEnd(48, '.') });
    if (i % CHUNK === CHUNK - 1) await yieldToLoop();
  }
}

const history = [];

export default async function start({ url, signal }) {
  await fillBallast();
  let socket = null;
  let retry = null;
  let n = 0;
  function connect() {
    retry = null;
    if (signal.aborted) return;
    // ~8 KiB a connection: a heap trend the verdict fails on without snapshots (1 KiB passed as
    // noise on a 100 MB heap at load 17; 64 KiB stalled the reconnects at load 26).
    history.push({ n: ++n, at: Date.now(), note: `attempt ${n} `.repeat(640) });
    const ws = new WebSocket(url);
    socket = ws;
    ws.on('error', () => {});
    ws.on('close', () => {
      if (!signal.aborted) retry = setTimeout(connect, 2);
    });
  }
  connect();
  return {
    held: () => ballast.length,
    heapMb: () => process.memoryUsage().heapUsed / 2 ** 20,
    stop() {
      clearTimeout(retry);
      socket?.terminate();
    },
  };
}
