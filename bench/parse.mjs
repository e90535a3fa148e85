/**
 * Issue 8 item 4 (and issue 4's goal): throughput (MB/s of snapshot file) and peak RSS of
 * `ws-soak inspect` and `ws-soak diff`, and of the parser alone, side by side with memlab doing
 * the same work on the same files (bench/memlab/memlab-task.cjs). Each is a whole process,
 * timed from its start; peak RSS is the process's own (rusage).
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { series } from './snapshot.mjs';
import { cliPath, distModule, runNode, tempDir } from './lib/proc.mjs';
import { mib } from './lib/stats.mjs';

const MEMLAB_DIR = fileURLToPath(new URL('./memlab/', import.meta.url));
const MEMLAB_TASK = join(MEMLAB_DIR, 'memlab-task.cjs');
const PARSE_TASK = fileURLToPath(new URL('./targets/parse-task.mjs', import.meta.url));
const GOAL_SPEED = 3;
const GOAL_SPEED_PARSE = 5;
const GOAL_RSS = 0.5;
/** memlab on a 1 GB heap needs more than Node's default heap limit. */
const NODE_HEAP_ARGS = ['--max-old-space-size=16384'];

export function memlabInstalled() {
  return existsSync(join(MEMLAB_DIR, 'node_modules', '@memlab', 'core'));
}

async function measure(script, args, env = {}) {
  const r = await runNode(script, args, { nodeArgs: NODE_HEAP_ARGS, env, timeoutMs: 30 * 60_000 });
  if (r.code !== 0 || !r.usage) throw new Error(`${script} ${args.join(' ')} failed (${r.code ?? r.signal}): ${r.stderr.slice(-800)}`);
  return { wallMs: r.usage.wallMs, maxRss: r.usage.maxRssBytes, out: r.stdout };
}

const ours = {
  parse: (files) => measure(PARSE_TASK, files.slice(0, 1), { PARSE_MODULE: distModule('heap/parse.js') }),
  inspect: (files) => measure(cliPath(), ['inspect', files[0], '--json']),
  diff: (files) => measure(cliPath(), ['diff', ...files, '--json']),
};
const memlab = {
  parse: (files) => measure(MEMLAB_TASK, ['parse', files[0]]),
  inspect: (files) => measure(MEMLAB_TASK, ['inspect', files[0]]),
  diff: (files) => measure(MEMLAB_TASK, ['diff', ...files]),
};

export async function bench({ long, log, shared }) {
  let snapshots = shared.snapshots;
  if (!snapshots) {
    snapshots = {};
    for (const heapMb of long ? [10, 100] : [10, 100]) {
      const tmp = tempDir(`parse-${heapMb}`);
      shared.cleanups.push(tmp.remove);
      mkdirSync(join(tmp.dir, 's'));
      snapshots[heapMb] = (await series(heapMb, join(tmp.dir, 's'))).files;
    }
    shared.snapshots = snapshots; // parse-rivals measures on the same files
  }
  const withMemlab = memlabInstalled();
  const rows = [];
  const extra = {};
  if (!withMemlab) log('parse: memlab is not installed (PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix bench/memlab): ws-soak figures only');
  for (const [heapMb, files] of Object.entries(snapshots)) {
    const label = Number(heapMb) >= 1024 ? `${Number(heapMb) / 1024} GB` : `${heapMb} MB`;
    for (const task of ['parse', 'inspect', 'diff']) {
      // The diff of three 1 GB snapshots needs two graphs at once: --long's 1 GB gets parse and inspect only.
      if (task === 'diff' && Number(heapMb) > 100) continue;
      const used = task === 'diff' ? files : files.slice(0, 1);
      const bytes = used.reduce((sum, f) => sum + statSync(f).size, 0);
      const a = await ours[task](used);
      const b = withMemlab ? await memlab[task](used) : null;
      const mbps = (r) => bytes / 1e6 / (r.wallMs / 1000);
      log(`${task} ${label}: ws-soak ${mbps(a).toFixed(1)} MB/s ${mib(a.maxRss, 0)}` + (b ? `; memlab ${mbps(b).toFixed(1)} MB/s ${mib(b.maxRss, 0)}` : ''));
      const name = task === 'parse' ? 'parser alone' : `ws-soak ${task}`;
      const speedGoal = task === 'parse' ? GOAL_SPEED_PARSE : GOAL_SPEED;
      const goalApplies = task !== 'parse' || Number(heapMb) === 100;
      rows.push({
        metric: `${name}, ${label} heap (${used.length} × ${mib(bytes / used.length, 0)})`,
        value: `${mbps(a).toFixed(1)} MB/s, peak RSS ${mib(a.maxRss, 0)}`,
        baseline: b ? `memlab ${mbps(b).toFixed(1)} MB/s, ${mib(b.maxRss, 0)}` : 'memlab not installed',
        ratio: b ? b.wallMs / a.wallMs : NaN,
        ratioLabel: 'speed vs memlab',
        goal: goalApplies ? `≥ ${speedGoal}×, RSS ≤ ${GOAL_RSS}×` : '',
        met: b && goalApplies ? b.wallMs / a.wallMs >= speedGoal && a.maxRss / b.maxRss <= GOAL_RSS : null,
        note: b ? `RSS ${(a.maxRss / b.maxRss).toFixed(2)}× memlab's` : '',
      });
      extra[`${task}-${heapMb}`] = { bytes, ours: { wallMs: a.wallMs, maxRss: a.maxRss }, memlab: b && { wallMs: b.wallMs, maxRss: b.maxRss } };
    }
  }
  return { rows, extra };
}
