#!/usr/bin/env node
/**
 * Issue 19 item 1: what object evidence costs the process under test without a heap snapshot.
 * For heaps of ~15 MB and ~150 MB (and 1 GB with --long): ws-soak's live-object census
 * (src/probe/object-census.ts: one inspector Runtime.queryObjects walk, tallied by constructor),
 * one v8.queryObjects(ctor, { format: 'count' }) (one constructor per walk) and one full
 * v8.writeHeapSnapshot (not at 1 GB: it would need ~20 GB), each as time, CPU time and peak extra
 * RSS, with the census's ratios to the snapshot. The cadence follows: a count every CPU ÷ 2%.
 *
 *   node bench/object-counts.mjs [--long] [--markdown] [--sizes 15,150]   (MiB of heap)
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { distModule, tempDir } from './lib/proc.mjs';
import { median, mib, secs } from './lib/stats.mjs';

const { values } = parseArgs({
  options: { long: { type: 'boolean', default: false }, markdown: { type: 'boolean', default: false }, sizes: { type: 'string' } },
});
const sizes = values.sizes ? values.sizes.split(',').map(Number) : values.long ? [15, 150, 1024] : [15, 150];
const TARGET = new URL('./targets/count-target.mjs', import.meta.url).pathname;
const BUDGET_SHARE = 0.02;

const rows = [];
for (const heapMb of sizes) {
  const dir = tempDir('counts');
  const run = spawnSync(process.execPath, ['--expose-gc', `--max-old-space-size=${Math.max(4096, heapMb * 8)}`, TARGET], {
    env: {
      ...process.env,
      HEAP_MB: String(heapMb),
      CENSUS_MODULE: distModule('probe/object-census.js'),
      SNAPSHOT: heapMb > 200 ? '0' : '1',
      SNAPSHOT_PATH: join(dir.dir, 'bench.heapsnapshot'),
    },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    timeout: 30 * 60_000,
  });
  dir.remove();
  if (run.status !== 0) throw new Error(`count target (${heapMb} MB) failed: ${run.stderr}`);
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const by = (route) => lines.filter((l) => l.route === route);
  const census = by('census');
  if (census.some((c) => c.counted !== c.objects)) throw new Error(`the census miscounted LeakRecord: ${JSON.stringify(census)}`);
  const pick = (list) => (list.length ? { ms: median(list.map((l) => l.ms)), cpuMs: median(list.map((l) => l.cpuMs)), extraRss: median(list.map((l) => l.extraRss)) } : null);
  rows.push({ heapMb, heapUsed: census[0].heapUsed, objects: census[0].objects, census: pick(census), queryObjects: pick(by('queryObjects')), snapshot: pick(by('snapshot')) });
}

const fmt = (m) => (m ? `${secs(m.ms, 2)} (CPU ${secs(m.cpuMs, 2)}), +${mib(m.extraRss)}` : '—');
const head = ['heap', 'census (ws-soak)', 'v8.queryObjects, 1 ctor', 'full snapshot', 'census ÷ snapshot (time, RSS)', 'count every (2%)'];
const body = rows.map((r) => [
  `${mib(r.heapUsed)} (${(r.objects / 1e6).toFixed(2)} M records)`,
  fmt(r.census),
  fmt(r.queryObjects),
  fmt(r.snapshot),
  r.snapshot ? `${(r.census.ms / r.snapshot.ms).toFixed(2)}×, ${(r.census.extraRss / r.snapshot.extraRss).toFixed(2)}×` : '—',
  secs(r.census.cpuMs / BUDGET_SHARE, 0),
]);
const load = loadavg().map((l) => l.toFixed(2)).join(', ');
if (values.markdown) {
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const line of body) console.log(`| ${line.join(' | ')} |`);
} else {
  for (const line of [head, ...body]) console.log(line.join('  ·  '));
}
console.log(`\nNode ${process.version}, load average ${load} (after the run)`);
