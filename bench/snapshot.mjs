/**
 * Issue 8 item 3, snapshot cost: time, file size, the target's peak RSS and how long it is
 * paused, for heaps of 10 MB and 100 MB (1 GB with --long), by ws-soak's writer
 * (v8.writeHeapSnapshot) and by the other routes: the heapdump addon, an in-process inspector
 * session, v8.getHeapSnapshot() streamed to a file, and HeapProfiler.takeHeapSnapshot sent over
 * the inspector protocol from another process (the orchestrator), which streams the file.
 * Also leaves a series of three snapshots per heap size (5% more objects each) for bench/parse.mjs.
 */
import { mkdirSync } from 'node:fs';
import { freemem } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { HeapTarget } from './lib/heap-target.mjs';
import { ROOT, tempDir } from './lib/proc.mjs';
import { MiB, mib, secs } from './lib/stats.mjs';

/** V8's snapshot writer peaks at about 18× the heap in extra RSS (measured at 10 and 100 MB). */
const SNAPSHOT_RSS_PER_HEAP_BYTE = 20;

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
export async function series(heapMb, dir) {
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
    }
    return { files, first: { ...results[0], heapUsed: target.ready.heapUsed, path: files[0] }, results };
  } finally {
    await target.stop();
  }
}

export async function bench({ long, log, shared, sizes }) {
  const heapSizes = sizes ?? (long ? [10, 100, 1024] : [10, 100]);
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
    const s = await series(heapMb, dir);
    byRoute.v8 = s.first;
    shared.snapshots[heapMb] = s.files;
    log(`snapshot ${heapMb} MB heap, v8 series: ${s.results.map((r) => `${secs(r.ms)} ${mib(r.bytes, 0)}`).join(', ')}`);
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
    extra[heapMb].series = s.results.map((r) => ({ ms: r.ms, bytes: r.bytes }));
  }
  return { rows, extra };
}
