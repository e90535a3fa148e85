/**
 * Bench target for bench/sites.mjs: a client that holds SITES_BALLAST_MB MiB of live objects (the
 * heap the cost goal names, 100 MB) and leaks one small record per connection, so the run
 * fails and has a sites phase.
 */
import WebSocket from 'ws';

const BALLAST_MB = Number(process.env.SITES_BALLAST_MB ?? '100');
// ~100 B a record with its string: 10,000 records a MiB.
const ballast = [];
for (let i = 0; i < BALLAST_MB * 10_000; i++) ballast.push({ i, text: `ballast record ${i}`.padEnd(48, '.') });

const history = [];

export default function start({ url, signal }) {
  let socket = null;
  let retry = null;
  let n = 0;
  function connect() {
    retry = null;
    if (signal.aborted) return;
    // ~1 KiB a connection: a heap trend the verdict fails on without snapshots.
    history.push({ n: ++n, at: Date.now(), note: `attempt ${n} `.repeat(80) });
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
    stop() {
      clearTimeout(retry);
      socket?.terminate();
    },
  };
}
