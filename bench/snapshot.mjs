/**
 * Issue 8 item 3, snapshot cost: time, file size, the target's peak RSS and how long it is
 * paused, for heaps of 10 MB and 100 MB (1 GB with --long), by ws-soak's writer
 * (v8.writeHeapSnapshot) and by the other routes: the heapdump addon, an in-process inspector
 * session, v8.getHeapSnapshot() streamed to a file, and HeapProfiler.takeHeapSnapshot sent over
 * the inspector protocol from another process (the orchestrator), which streams the file.
 * Also leaves a series of three snapshots per heap size (5% more objects each) for bench/parse.mjs.
 *
 * Big heaps (BIG_HEAP_MB and up) also get `ws-soak inspect` of the first and `ws-soak diff` of the
 * three, as a user runs them (no Node flags). WS_SOAK_BENCH_HEAP_MB=512 picks the heap sizes (MiB,
 * a comma list) in place of the defaults; WS_SOAK_BENCH_KEEP_SNAPSHOT=FILE keeps the largest
 * snapshot of the last series there (mode 0600), for another benchmark to parse.
 */
import { chmodSync, linkSync, mkdirSync, statSync } from 'node:fs';
import { freemem } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { HeapTarget } from './lib/heap-target.mjs';
import { ROOT, cliPath, runNode, tempDir } from './lib/proc.mjs';
import { MiB, mib, secs } from './lib/stats.mjs';

/** V8's snapshot writer peaks at about 18× the heap in extra RSS (measured at 10 and 100 MB). */
const SNAPSHOT_RSS_PER_HEAP_BYTE = 20;

/** From this heap size (MiB) up, the series is also inspected and diffed by the CLI. */
const BIG_HEAP_MB = 256;

/** Objects added between the snapshots of a series, as a share of the heap. */
const SERIES_GROWTH = 0.05;
/** Objects per "cycle" in the series' file names (client-<seq>-c<cycle>.heapsnapshot). */
const CYCLES_PER_STEP = 1000;

function heapdumpAvailable() {
  try {
    createRequire(join(ROOT, 'package.json'))('heapdump');
    return true;
  } catch {
    return false;
  }
}

/** Routes measured at each heap size. */
function routesFor(heapMb, long) {
  const all = ['v8', ...(heapdumpAvailable() ? ['heapdump'] : []), 'session', 'stream', 'inspector'];
  if (heapMb <= 10) return all;
  if (heapMb <= 100) return long ? all : ['v8', 'inspector'];
  return ['v8'];
}

async function measureRoute(heapMb, route, dir) {
  const target = await HeapTarget.start(heapMb);
  try {
    const path = join(dir, `${route}-${heapMb}mb.heapsnapshot`);
    const r = route === 'inspector' ? await target.inspectorSnapshot(path) : await target.snapshot(route, path);
    return { ...r, heapUsed: target.ready.heapUsed, path };
  } finally {
    await target.stop();
  }
}

/** A series of three snapshots of one process whose heap grows by SERIES_GROWTH each time. */
export async function series(heapMb, dir, log = () => {}) {
  const target = await HeapTarget.start(heapMb);
  try {
    const files = [];
    const results = [];
    for (let seq = 1; seq <= 3; seq++) {
      if (seq > 1) await target.grow(Math.round(target.ready.objects * SERIES_GROWTH));
      const path = join(dir, `client-${seq}-c${seq * CYCLES_PER_STEP}.heapsnapshot`);
      // The first one of the series is the v8 route's measurement.
      results.push(await target.snapshot('v8', path));
      files.push(path);
      // Each as it comes: a series of big heaps takes long enough to be cut short.
      const r = results.at(-1);
      log(`snapshot ${heapMb} MB heap, ${seq} of 3: ${secs(r.ms)}, file ${mib(r.bytes, 0)}, RSS ${mib(r.rssBefore, 0)} → peak ${mib(r.peakRss, 0)}`);
    }
    return { files, first: { ...results[0], heapUsed: target.ready.heapUsed, path: files[0] }, results };
  } finally {
    await target.stop();
  }
}

/** `ws-soak <command> …files` as a user runs it: wall time and peak RSS of the whole process. */
async function cli(command, files) {
  const r = await runNode(cliPath(), [command, ...files, '--json'], { timeoutMs: 30 * 60_000 });
  if (r.code !== 0 || !r.usage) throw new Error(`ws-soak ${command} failed (${r.code ?? r.signal}): ${r.stderr.slice(-800)}`);
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  return { wallMs: r.usage.wallMs, maxRss: r.usage.maxRssBytes, bytes };
}

/** inspect and diff of a big heap's series, as rows. */
async function bigHeapRows(label, files, log) {
  const rows = [];
  const extra = {};
  for (const [command, used] of [['inspect', files.slice(0, 1)], ['diff', files]]) {
    const r = await cli(command, used);
    extra[command] = r;
    log(`${command} ${label} heap (${used.length} × ${mib(r.bytes / used.length, 0)}): ${secs(r.wallMs)}, peak RSS ${mib(r.maxRss, 0)}`);
    rows.push({
      metric: `  ${label} heap: ws-soak ${command} (${used.length} × ${mib(r.bytes / used.length, 0)})`,
      value: `${secs(r.wallMs)} (${(r.bytes / 1e6 / (r.wallMs / 1000)).toFixed(1)} MB/s), peak RSS ${mib(r.maxRss, 0)}`,
      baseline: `${mib(r.bytes, 0)} of snapshot`,
      ratio: r.maxRss / r.bytes,
      ratioLabel: 'RSS ÷ file',
      goal: '',
      met: null,
    });
  }
  return { rows, extra };
}

/**
 * Links the biggest file of `files` to WS_SOAK_BENCH_KEEP_SNAPSHOT, if set (same file system as
 * the temp dir), as soon as the series is written: the temp dir's removal leaves it in place.
 */
function keepBiggest(files, log) {
  const keep = process.env.WS_SOAK_BENCH_KEEP_SNAPSHOT;
  if (!keep) return;
  const biggest = files.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
  linkSync(biggest, keep);
  chmodSync(keep, 0o600);
  log(`kept ${keep} (${mib(statSync(keep).size, 0)})`);
}

function sizesFromEnv() {
  const text = process.env.WS_SOAK_BENCH_HEAP_MB;
  if (!text) return null;
  const sizes = text.split(',').map(Number);
  if (sizes.some((n) => !(n > 0))) throw new Error(`WS_SOAK_BENCH_HEAP_MB is "${text}": expected MiB of heap as a comma list, e.g. 512 or 10,100`);
  return sizes;
}

export async function bench({ long, log, shared, sizes }) {
  const heapSizes = sizes ?? sizesFromEnv() ?? (long ? [10, 100, 1024] : [10, 100]);
  const rows = [];
  const extra = {};
  shared.snapshots = {};
  for (const heapMb of heapSizes) {
    const needBytes = heapMb * MiB * SNAPSHOT_RSS_PER_HEAP_BYTE;
    if (freemem() < needBytes) {
      log(`snapshot ${heapMb} MB heap skipped: V8's writer needs about ${mib(needBytes, 0)} free, ${mib(freemem(), 0)} is`);
      rows.push({ metric: `snapshot of a ${heapMb} MB heap`, value: 'skipped', baseline: `needs ~${mib(needBytes, 0)} free memory`, ratio: NaN, goal: '', met: null });
      continue;
    }
    const tmp = tempDir(`snap-${heapMb}`);
    shared.cleanups.push(tmp.remove);
    const dir = join(tmp.dir, 'series');
    mkdirSync(dir);
    const byRoute = {};
    const s = await series(heapMb, dir, log);
    byRoute.v8 = s.first;
    shared.snapshots[heapMb] = s.files;
    log(`snapshot ${heapMb} MB heap, v8 series: ${s.results.map((r) => `${secs(r.ms)} ${mib(r.bytes, 0)} +${mib(r.peakRss - r.rssBefore, 0)} RSS`).join(', ')}`);
    for (const route of routesFor(heapMb, long).filter((r) => r !== 'v8')) {
      byRoute[route] = await measureRoute(heapMb, route, tmp.dir);
      log(`snapshot ${heapMb} MB heap, ${route}: ${secs(byRoute[route].ms)}, paused ${secs(byRoute[route].pausedMs)}, peak RSS ${mib(byRoute[route].peakRss, 0)}`);
    }
    const v8 = byRoute.v8;
    const label = heapMb >= 1024 ? `${heapMb / 1024} GB` : `${heapMb} MB`;
    rows.push({
      metric: `snapshot of a ${label} heap (v8, ws-soak's writer)`,
      value: `${secs(v8.ms)}, paused ${secs(v8.pausedMs)}, file ${mib(v8.bytes, 0)}, peak RSS ${mib(v8.peakRss, 0)}`,
      baseline: `heapUsed ${mib(v8.heapUsed, 0)}, RSS before ${mib(v8.rssBefore, 0)}`,
      ratio: (v8.peakRss - v8.rssBefore) / v8.heapUsed,
      ratioLabel: 'extra RSS ÷ heap',
      goal: '',
      met: null,
    });
    for (const [route, r] of Object.entries(byRoute)) {
      if (route === 'v8') continue;
      rows.push({
        metric: `  ${label} heap by ${route}`,
        value: `${secs(r.ms)}, paused ${secs(r.pausedMs)}, peak RSS ${mib(r.peakRss, 0)}`,
        baseline: 'the v8 route',
        ratio: r.pausedMs / v8.pausedMs,
        ratioLabel: 'pause ÷ v8',
        goal: '',
        met: null,
        note: `extra RSS ${((r.peakRss - r.rssBefore) / MiB).toFixed(0)} MiB vs ${((v8.peakRss - v8.rssBefore) / MiB).toFixed(0)} MiB`,
      });
    }
    extra[heapMb] = Object.fromEntries(Object.entries(byRoute).map(([k, v]) => [k, { ms: v.ms, pausedMs: v.pausedMs, bytes: v.bytes, rssBefore: v.rssBefore, peakRss: v.peakRss, heapUsed: v.heapUsed }]));
    extra[heapMb].series = s.results.map((r) => ({ ms: r.ms, pausedMs: r.pausedMs, bytes: r.bytes, rssBefore: r.rssBefore, peakRss: r.peakRss }));
    if (heapMb >= BIG_HEAP_MB) {
      keepBiggest(s.files, log);
      const big = await bigHeapRows(label, s.files, log);
      rows.push(...big.rows);
      Object.assign(extra[heapMb], big.extra);
    }
  }
  return { rows, extra };
}
