// Process under test for bench/object-counts.mjs: holds about HEAP_MB MiB of small objects (the
// shape of bench/targets/heap-target.mjs: a class instance with a string and a nested object),
// then measures, one after the other, what each route to object evidence costs it: ws-soak's
// live-object census (ROUNDS counts), one v8.queryObjects(ctor, { format: 'count' }) and, unless
// SNAPSHOT=0, one full v8.writeHeapSnapshot. Prints one JSON line per measurement on stdout.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import v8 from 'node:v8';

const BYTES_PER_OBJECT = 112;
class LeakRecord {
  constructor(i) {
    this.attempt = i;
    this.key = 'k' + i;
    this.meta = { n: i };
  }
}
const kept = [];
const objects = Math.round((Number(process.env.HEAP_MB ?? 15) * 1024 * 1024) / BYTES_PER_OBJECT);
for (let i = 0; i < objects; i++) kept.push(new LeakRecord(i));

function peakRss() {
  return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
}
/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so each route's peak is its own. */
function resetPeakRss() {
  writeFileSync('/proc/self/clear_refs', '5');
}
function measure(route, run) {
  globalThis.gc();
  resetPeakRss();
  const rssBefore = process.memoryUsage().rss;
  const heapUsed = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const line = { route, ms, cpuMs: (used.user + used.system) / 1000, heapUsed, objects, extraRss: peakRss() - rssBefore, ...result };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const { ObjectCensus } = await import(process.env.CENSUS_MODULE);
const census = new ObjectCensus();
for (let r = 0; r < Number(process.env.ROUNDS ?? 3); r++) {
  measure('census', () => {
    const counts = census.count();
    return { names: Object.keys(counts.counts).length, counted: counts.counts.LeakRecord };
  });
}
census.disconnect();
// v8.queryObjects prints an ExperimentalWarning on Node 20–22: expected, on stderr.
if (typeof v8.queryObjects === 'function') measure('queryObjects', () => ({ counted: v8.queryObjects(LeakRecord, { format: 'count' }) }));
if (process.env.SNAPSHOT !== '0' && process.env.SNAPSHOT_PATH) {
  measure('snapshot', () => {
    v8.writeHeapSnapshot(process.env.SNAPSHOT_PATH);
    rmSync(process.env.SNAPSHOT_PATH);
    return {};
  });
}
if (kept.length !== objects) throw new Error('lost objects');
