/**
 * Issue 8 item 6, scaling: how the orchestrator's CPU and memory grow with the samples it holds
 * and with client.count. One process under test sampled every 100 ms for 60 s holds 600 samples
 * at the end — ten minutes of samples at the usual 1 s — so the start and the end of the same run
 * show the cost with 60 and with 600 samples held; a second run does the same with --until-verdict,
 * which judges everything held every second. --long adds real 10- and 60-minute runs at 1 s.
 * client.count scaling comes from the churn runs (bench/churn.mjs), when they ran first.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { soakRun } from './lib/soak-run.mjs';
import { distModule } from './lib/proc.mjs';
import { MiB, cpuRate, median } from './lib/stats.mjs';

/** The CPU rate is compared between the first and the last this-much of a run. */
const EDGE_SHARE = 0.25;

function scenario(name, durationMs, intervalMs) {
  return {
    name: `bench-scaling-${name}`,
    duration: `${durationMs}ms`,
    warmup: '10%',
    // A post-GC sample with every sample, as in a run's first 30 s: 600 of them held is the worst
    // case (the automatic cadence leaves ~120 in a 10-minute run at 1 s; src/probe/post-gc-cadence.ts).
    sample: { interval: `${intervalMs}ms`, gcEvery: `${intervalMs}ms` },
    snapshots: false,
    client: { count: 1 },
    disconnect: { after: '20ms' },
    // Never settles: --until-verdict must judge the whole run, not stop on V8's warm-up growth.
    verdict: { maxGrowthPerCycle: '1MiB' },
  };
}

/** Least-squares slope of y on x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx > 0 ? sxy / sxx : NaN;
}

/** Bytes of each kind of file in a run folder: samples.ndjson, the snapshots, everything. */
function folderBytes(dir) {
  const sizes = { samples: 0, snapshots: 0, total: 0 };
  for (const name of readdirSync(dir)) {
    const bytes = statSync(join(dir, name)).size;
    sizes.total += bytes;
    if (name === 'samples.ndjson') sizes.samples += bytes;
    else if (name.endsWith('.heapsnapshot')) sizes.snapshots += bytes;
  }
  return sizes;
}

/** The judge's time on every sample the run held (the final verdict's cost; object groups come from the parse benchmark). */
async function judgeMs(dir, samples, summary) {
  const { judge } = await import(distModule('verdict/judge.js'));
  // The run folder's scenario.json is the resolved scenario the run used.
  const resolved = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
  const role = summary.processes[0]?.role ?? 'client';
  const input = {
    role,
    scenario: resolved,
    samples: samples.filter((s) => s.role === role),
    snapshots: [],
    objectGroups: [],
    totalMs: summary.durationMs,
  };
  const times = [];
  for (let i = 0; i < 3; i++) {
    const began = performance.now();
    judge(input);
    times.push(performance.now() - began);
  }
  return median(times);
}

async function measure(name, durationMs, intervalMs, args, log) {
  const run = await soakRun(scenario(name, durationMs, intervalMs), { args, nodeArgs: ['--expose-gc'], timeoutMs: durationMs + 120_000, keep: true });
  if (!run.summary || !run.orchestrator) {
    run.remove();
    throw new Error(`scaling run ${name} failed (exit ${run.code}): ${run.stderr.slice(-500)}`);
  }
  const folder = folderBytes(run.dir);
  const judgedMs = await judgeMs(run.dir, run.samples, run.summary);
  run.remove();
  const { timeline } = run.orchestrator;
  const end = timeline.at(-1).t;
  const early = cpuRate(timeline, end * 0.05, end * EDGE_SHARE);
  const late = cpuRate(timeline, end * (1 - EDGE_SHARE), end * 0.98);
  // summary.orchestrator: post-GC heapUsed (the CLI ran with --expose-gc) against samples held.
  const self = run.summary.orchestrator ?? [];
  const heapPerSample = slope(self.filter((p) => p.samplesHeld > 0).map((p) => ({ x: p.samplesHeld, y: p.heapUsed })));
  const held = self.at(-1)?.samplesHeld ?? 0;
  const result = {
    samplesHeld: held,
    cpuEarly: early,
    cpuLate: late,
    heapFirst: self[0]?.heapUsed,
    heapLast: self.at(-1)?.heapUsed,
    heapPerSample,
    maxRss: run.orchestrator.maxRssBytes,
    cpuMs: run.orchestrator.cpuMs,
    durationMs,
    samplesInFile: run.samples.length,
    folder,
    judgeMs: judgedMs,
  };
  log(`scaling ${name}: ${held} samples, CPU ${early.toFixed(1)} → ${late.toFixed(1)} ms/s, heap ${(result.heapFirst / MiB).toFixed(1)} → ${(result.heapLast / MiB).toFixed(1)} MiB (${heapPerSample.toFixed(0)} B/sample), peak RSS ${(result.maxRss / MiB).toFixed(0)} MiB, folder ${(folder.total / MiB).toFixed(1)} MiB (samples.ndjson ${(folder.samples / MiB).toFixed(2)} MiB, ${run.samples.length} lines), judge ${judgedMs.toFixed(0)} ms`);
  return result;
}

/** Samples in an hour at the usual 1 s interval. */
const SAMPLES_PER_HOUR = 3600;

/** Flat or linear, and what the slope means for an hour-long run. */
function heapNote(r) {
  if (!(r.heapPerSample > 0) || r.heapPerSample * r.samplesHeld < 0.02 * r.heapFirst) return 'flat';
  return `linear in samples held: +${((r.heapPerSample * SAMPLES_PER_HOUR) / MiB).toFixed(1)} MiB per hour at 1 s`;
}

function rowsFor(label, r) {
  const cpuRatio = r.cpuLate / r.cpuEarly;
  return [
    {
      metric: `orchestrator CPU, ${label}`,
      value: `${r.cpuLate.toFixed(1)} ms/s at the end (${r.samplesHeld} samples held)`,
      baseline: `${r.cpuEarly.toFixed(1)} ms/s at the start`,
      ratio: cpuRatio,
      ratioLabel: 'end ÷ start',
      goal: '',
      met: null,
      note: cpuRatio < 1.5 ? 'flat' : 'grows with samples held',
    },
    {
      metric: `orchestrator heap, ${label}`,
      value: `${(r.heapLast / MiB).toFixed(1)} MiB post-GC (${r.heapPerSample.toFixed(0)} B per sample held)`,
      baseline: `${(r.heapFirst / MiB).toFixed(1)} MiB at the first reading`,
      ratio: r.heapLast / r.heapFirst,
      ratioLabel: 'end ÷ start',
      goal: '',
      met: null,
      note: `${heapNote(r)}; peak RSS ${(r.maxRss / MiB).toFixed(0)} MiB`,
    },
    {
      metric: `run folder and judge, ${label}`,
      value: `${(r.folder.total / MiB).toFixed(1)} MiB (samples.ndjson ${(r.folder.samples / MiB).toFixed(2)} MiB for ${r.samplesInFile} samples); judge ${r.judgeMs.toFixed(0)} ms`,
      baseline: '',
      ratio: null,
      ratioLabel: '',
      goal: '',
      met: null,
      note: `${(r.folder.samples / r.samplesInFile).toFixed(0)} B per sample line`,
    },
  ];
}

/** Hours of the projected long soak. */
const PROJECTED_HOURS = 6;

/**
 * A 6-hour soak projected from the 60-minute run: what grows with samples held (orchestrator heap,
 * samples.ndjson, the judge's time) times six; the CPU rate is taken as its end-of-run figure.
 */
function projection(hour, short) {
  const samples = hour.samplesInFile * PROJECTED_HOURS;
  // The judge's time against samples held, from the 60-s and 60-min runs: linear through both.
  const perSample = (hour.judgeMs - short.judgeMs) / Math.max(1, hour.samplesInFile - short.samplesInFile);
  const judge = hour.judgeMs + perSample * (samples - hour.samplesInFile);
  const heap = hour.heapLast + Math.max(0, hour.heapPerSample) * (samples - hour.samplesHeld);
  return {
    metric: `${PROJECTED_HOURS}-hour soak at 1 s (projected from 60 min)`,
    value: `orchestrator heap ~${(heap / MiB).toFixed(0)} MiB, samples.ndjson ~${((hour.folder.samples * PROJECTED_HOURS) / MiB).toFixed(1)} MiB, judge ~${(judge / 1000).toFixed(1)} s, CPU ~${hour.cpuLate.toFixed(1)} ms/s`,
    baseline: `60 min: heap ${(hour.heapLast / MiB).toFixed(1)} MiB, samples.ndjson ${(hour.folder.samples / MiB).toFixed(1)} MiB, judge ${(hour.judgeMs / 1000).toFixed(2)} s`,
    ratio: null,
    ratioLabel: '',
    goal: '',
    met: null,
    note: 'linear in samples held',
  };
}

export async function bench({ long, log, shared }) {
  const rows = [];
  const extra = {};
  const runs = [
    ['600 samples (60 s at 100 ms)', 'fast', 60_000, 100, []],
    ['600 samples, --until-verdict', 'fast-verdict', 60_000, 100, ['--until-verdict']],
  ];
  if (long) {
    runs.push(['10 min at 1 s', '10min', 10 * 60_000, 1000, []]);
    runs.push(['60 min at 1 s', '60min', 60 * 60_000, 1000, []]);
  }
  for (const [label, name, durationMs, intervalMs, args] of runs) {
    const r = await measure(name, durationMs, intervalMs, args, log);
    rows.push(...rowsFor(label, r));
    extra[name] = r;
  }
  if (extra['60min'] && extra.fast) rows.push(projection(extra['60min'], extra.fast));
  // client.count: the orchestrator's CPU per second of the churn runs, when they ran.
  const churn = shared.churn;
  if (churn) {
    // After start-up (loading modules costs the orchestrator more than a whole churn run).
    const perSecond = (count) => median((churn[count] ?? []).map((r) => r.orchestratorCpuRate));
    const base = perSecond(1);
    for (const count of [8, 64]) {
      const rss = Math.max(...(churn[count] ?? []).map((r) => r.orchestratorMaxRss));
      rows.push({
        metric: `orchestrator CPU, client.count ${count}`,
        value: `${perSecond(count).toFixed(1)} ms/s, peak RSS ${(rss / MiB).toFixed(0)} MiB`,
        baseline: `${base.toFixed(1)} ms/s with client.count 1`,
        ratio: perSecond(count) / base,
        ratioLabel: `÷ count 1`,
        goal: '',
        met: null,
        note: perSecond(count) / base < 1.5 ? 'flat' : 'grows with client.count',
      });
    }
  }
  return { rows, extra };
}
