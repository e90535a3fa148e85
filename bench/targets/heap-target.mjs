// Process under test for the snapshot benchmark: holds a heap of about HEAP_MB MiB of small
// objects (the shape of a typical leak: a class instance with a string and a nested object),
// then writes heap snapshots on request over IPC, by one of several routes, and reports what
// each cost it: time, the longest event-loop stall, and its peak RSS during the snapshot.
//   { type: 'grow', objects }                → adds objects (the "leak" between snapshots)
//   { type: 'snapshot', route, path }         → route: v8 | heapdump | session | stream
//   { type: 'inspector' }                     → opens the inspector on 127.0.0.1, replies its URL
//   { type: 'probe-cost', samples }           → CPU ms of one post-GC probe sample (mean of `samples`)
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import inspector from 'node:inspector';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';

/** Bytes of heap one LeakRecord holds, measured: the object, its string and its nested object. */
const BYTES_PER_OBJECT = 112;
/** The event loop's stall is measured with a timer this often. */
const TICK_MS = 5;

class LeakRecord {
  constructor(i) {
    this.attempt = i;
    this.key = 'k' + i;
    this.meta = { n: i };
  }
}
globalThis.kept = [];
function grow(objects) {
  const from = globalThis.kept.length;
  for (let i = 0; i < objects; i++) globalThis.kept.push(new LeakRecord(from + i));
}
grow(Math.round((Number(process.env.HEAP_MB ?? 10) * 1024 * 1024) / BYTES_PER_OBJECT));

// The longest gap between ticks: how long the process was paused.
let lastTick = performance.now();
let longestGap = 0;
setInterval(() => {
  const now = performance.now();
  longestGap = Math.max(longestGap, now - lastTick);
  lastTick = now;
}, TICK_MS);

function peakRss() {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
}
function resetPeakRss() {
  // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0).
  writeFileSync('/proc/self/clear_refs', '5');
}

/** In-process inspector session, writing each chunk to the file as it comes. */
function sessionSnapshot(path) {
  const session = new inspector.Session();
  session.connect();
  const fd = openSync(path, 'w', 0o600);
  session.on('HeapProfiler.addHeapSnapshotChunk', (m) => writeSync(fd, m.params.chunk));
  return new Promise((resolve, reject) => {
    session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, (err) => {
      closeSync(fd);
      session.disconnect();
      if (err) reject(err);
      else resolve();
    });
  });
}

async function snapshot(route, path) {
  const { writeSnapshot } = await import(process.env.SNAPSHOT_WRITER_MODULE);
  globalThis.gc();
  resetPeakRss();
  const rssBefore = process.memoryUsage().rss;
  await new Promise((r) => setTimeout(r, 2 * TICK_MS));
  longestGap = 0;
  lastTick = performance.now();
  const started = performance.now();
  if (route === 'v8' || route === 'heapdump') await writeSnapshot(route, path);
  else if (route === 'session') await sessionSnapshot(path);
  else if (route === 'stream') await pipeline(v8.getHeapSnapshot(), createWriteStream(path, { mode: 0o600 }));
  else throw new Error(`unknown route ${route}`);
  const ms = performance.now() - started;
  // Let the ticker run once more, so a stall that ended just now is counted.
  await new Promise((r) => setTimeout(r, 2 * TICK_MS));
  return { ms, pausedMs: longestGap, rssBefore, peakRss: peakRss(), bytes: statSync(path).size };
}

process.on('message', async (m) => {
  try {
    if (m.type === 'grow') {
      grow(m.objects);
      process.send({ type: 'grown', objects: globalThis.kept.length });
    } else if (m.type === 'snapshot') {
      process.send({ type: 'snapshot-done', ...(await snapshot(m.route, m.path)) });
    } else if (m.type === 'inspector') {
      inspector.open(0, '127.0.0.1', false);
      process.send({ type: 'inspector', url: inspector.url() });
    } else if (m.type === 'measure-start') {
      // The orchestrator takes the snapshot over the inspector: measure around it.
      globalThis.gc();
      resetPeakRss();
      longestGap = 0;
      lastTick = performance.now();
      process.send({ type: 'measure-started', rssBefore: process.memoryUsage().rss });
    } else if (m.type === 'measure-end') {
      await new Promise((r) => setTimeout(r, 2 * TICK_MS));
      process.send({ type: 'measured', pausedMs: longestGap, peakRss: peakRss() });
    } else if (m.type === 'probe-cost') {
      const { takeSample } = await import(process.env.SAMPLER_MODULE);
      const before = process.cpuUsage();
      for (let i = 0; i < m.samples; i++) takeSample({ role: 'client', postGc: true, startedAt: 0 });
      const spent = process.cpuUsage(before);
      process.send({ type: 'probe-cost', cpuMs: (spent.user + spent.system) / 1000 / m.samples, heapUsed: process.memoryUsage().heapUsed });
    } else if (m.type === 'exit') {
      process.exit(0);
    }
  } catch (error) {
    process.send({ type: 'error', message: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
globalThis.gc();
process.send({ type: 'ready', objects: globalThis.kept.length, heapUsed: process.memoryUsage().heapUsed });
