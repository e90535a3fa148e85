// The bare loop's client: `count` connections, each reconnecting at once when it closes:
// connect → open → (server closes) → close → connect. Counts cycles and reports
// `{ t, cycles }` every REPORT_MS to its parent. Stops at BARE_DURATION_MS.
import WebSocket from 'ws';

const REPORT_MS = 250;
const url = process.env.BARE_URL;
const count = Number(process.env.BARE_COUNT ?? 1);
const durationMs = Number(process.env.BARE_DURATION_MS ?? 10_000);
const started = Date.now();
let cycles = 0;
let stopped = false;

function connect() {
  if (stopped) return;
  const ws = new WebSocket(url);
  let opened = false;
  ws.on('open', () => (opened = true));
  ws.on('error', () => {});
  ws.on('close', () => {
    if (opened) cycles++;
    connect();
  });
}

for (let i = 0; i < count; i++) connect();
const report = setInterval(() => process.send?.({ t: Date.now() - started, cycles }), REPORT_MS);
setTimeout(() => {
  stopped = true;
  clearInterval(report);
  const cpu = process.cpuUsage();
  process.send?.({ t: Date.now() - started, cycles, cpuMs: (cpu.user + cpu.system) / 1000, done: true }, () => process.exit(0));
}, durationMs);
