/**
 * Bench target for bench/sites.mjs: a client that holds SITES_BALLAST_MB MiB of live objects (the
 * heap the cost goal names, 100 MB) and leaks one record of SITES_LEAK_KIB KiB per
 * connection (16,526 B of heap each at 16 KiB, measured), so the run fails and has a sites phase.
 */
import WebSocket from 'ws';

import { setImmediate as yieldToLoop } from 'node:timers/promises';

const BALLAST_MB = Number(process.env.SITES_BALLAST_MB ?? '100');
/** KiB leaked per connection (bench/sites.mjs --leak-kib sets it; see its default for why that size). */
const LEAK_KIB = Number(process.env.SITES_LEAK_KIB ?? '16');
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
    // LEAK_KIB of flat string a connection, kept: the leaking line the sites phase must name. Not
    // String.prototype.repeat: it builds a rope of shared halves ('x'.repeat(16383) takes ~1 KB of
    // heap, and the 640-fold repeat this target used as "8 KiB" took 425 B, both measured).
    n++;
    history.push({ n, at: Date.now(), note: Buffer.alloc(LEAK_KIB * 1024, 48 + (n % 10)).toString('latin1') });
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
