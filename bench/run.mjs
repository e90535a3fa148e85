#!/usr/bin/env node
/**
 * `npm run bench`: runs every benchmark of issue 8 and prints a table of ratios, each against a
 * baseline measured in the same run. See docs/benchmarks.md for what each measures and the latest
 * figures.
 *
 *   node bench/run.mjs [--long] [--only churn,parse] [--json FILE] [--markdown]
 *
 * --long     longer variants: 1 GB heaps, 10- and 60-minute scaling runs, more repetitions, and a
 *            2 GB snapshot (big-snapshot: a real one replicated; needs the shared memory lock)
 * --only     run some benchmarks only (churn, proxy-churn, probe-overhead, attach-overhead, snapshot, parse,
 *            parse-rivals, verdict, scaling, big-snapshot)
 * --json     also write every figure, with the raw measurements, to FILE
 * --markdown print the table as Markdown (for docs/benchmarks.md)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/proc.mjs';
import { formatTable } from './lib/table.mjs';
import { memlabInstalled } from './parse.mjs';

const BENCHMARKS = ['churn', 'proxy-churn', 'probe-overhead', 'attach-overhead', 'snapshot', 'parse', 'parse-rivals', 'verdict', 'scaling', 'big-snapshot'];

const { values } = parseArgs({
  options: {
    long: { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'string' },
    markdown: { type: 'boolean', default: false },
  },
});
const only = values.only ? values.only.split(',').map((s) => s.trim()) : BENCHMARKS;
const unknown = only.filter((name) => !BENCHMARKS.includes(name));
if (unknown.length) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')}; choose from ${BENCHMARKS.join(', ')}\n`);
  process.exit(2);
}

const started = performance.now();
const stamp = () => `[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s]`;
const log = (text) => process.stderr.write(`${stamp()} ${text}\n`);
const shared = { cleanups: [] };
const cleanup = () => {
  for (const remove of shared.cleanups.splice(0)) remove();
};
process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});

function versionOf(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

const environment = {
  date: new Date().toISOString(),
  node: process.version,
  v8: process.versions.v8,
  os: `${process.platform} ${release()}`,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  wsSoak: versionOf(ROOT),
  ws: versionOf(join(ROOT, 'node_modules', 'ws')),
  memlab: versionOf(join(ROOT, 'bench', 'memlab', 'node_modules', '@memlab', 'core')),
  vscodeHeapParser: versionOf(join(ROOT, 'bench', 'vscode-heap-parser', 'node_modules', '@vscode', 'v8-heap-parser')),
  heapSnapshotToolkit: versionOf(join(ROOT, 'bench', 'heap-snapshot-toolkit', 'node_modules', 'heap-snapshot-toolkit')),
  long: values.long,
};
log(`ws-soak ${environment.wsSoak}, node ${environment.node}, ${environment.cpus}, ${environment.memoryGiB} GiB${values.long ? ', --long' : ''}`);
if (!memlabInstalled()) log('memlab is not installed: the parse benchmark shows ws-soak only (PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix bench/memlab)');

const results = {};
let failed = false;
try {
  for (const name of only) {
    const t = performance.now();
    log(`── ${name}`);
    try {
      const mod = await import(`./${name}.mjs`);
      results[name] = await mod.bench({ long: values.long, log, shared });
    } catch (error) {
      failed = true;
      log(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      results[name] = { rows: [{ metric: name, value: 'failed', baseline: '', ratio: NaN, goal: '', met: false, note: String(error).slice(0, 200) }], extra: {} };
    }
    log(`── ${name} took ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
} finally {
  cleanup();
}
environment.totalSeconds = Math.round((performance.now() - started) / 1000);

const rows = only.flatMap((name) => results[name]?.rows ?? []);
process.stdout.write('\n' + formatTable(rows, { markdown: values.markdown }) + '\n');
process.stdout.write(
  `\n${environment.date}  node ${environment.node} (V8 ${environment.v8}), ws ${environment.ws}, memlab ${environment.memlab}, ` +
    `@vscode/v8-heap-parser ${environment.vscodeHeapParser}, heap-snapshot-toolkit ${environment.heapSnapshotToolkit}, ` +
    `${environment.os}, ${environment.cpus}, ${environment.memoryGiB} GiB; ${environment.totalSeconds} s\n`,
);
if (values.json) writeFileSync(values.json, JSON.stringify({ environment, results }, null, 2) + '\n');
process.exitCode = failed ? 1 : 0;
