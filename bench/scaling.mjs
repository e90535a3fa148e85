/**
 * Issue 8 item 6, scaling: how the orchestrator's CPU and memory grow with the samples it holds
 * and with client.count. One process under test sampled every 100 ms for 60 s holds 600 samples
 * at the end — ten minutes of samples at the usual 1 s — so the start and the end of the same run
 * show the cost with 60 and with 600 samples held; a second run does the same with --until-verdict,
 * which judges everything held every second. --long adds real 10- and 60-minute runs at 1 s.
 * client.count scaling comes from the churn runs (bench/churn.mjs), when they ran first.
 *
 * WS_SOAK_BENCH_SCALING=60min (a comma list of run names: fast, fast-verdict, 10min, 60min) runs
 * only those, e.g. the hour-long run alone; WS_SOAK_BENCH_KEEP=DIR keeps each run's samples.ndjson,
 * summary.json, scenario.json and the orchestrator's timeline in DIR/<name>/ to study afterwards.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { soakRun } from './lib/soak-run.mjs';
import { distModule } from './lib/proc.mjs';
import { MiB, cpuRate, median } from './lib/stats.mjs';

/** The CPU rate is compared between the first and the last this-much of a run. */
const EDGE_SHARE = 0.25;
/** Hours of the projected long soak. */
const PROJECTED_HOURS = 6;

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

/**
 * The run's samples laid end to end `times` times (t and cycle shifted on by the run's length),
 * as a run `times` as long would hold them: the judge's time on a 6-hour soak is measured on
 * these, not extrapolated.
 */
function repeated(samples, times, summary) {
  const span = summary.durationMs;
  const cycles = summary.cycles ?? Math.max(0, ...samples.map((s) => s.cycle));
  const out = [];
  for (let k = 0; k < times; k++) for (const s of samples) out.push({ ...s, t: s.t + k * span, cycle: s.cycle + k * cycles });
  return out;
}

/** Median rss of the orchestrator's timeline points with from <= t <= to (ms). */
function rssBetween(timeline, from, to) {
  return median(timeline.filter((p) => p.t >= from && p.t <= to).map((p) => p.rss));
}

/** Copies what a run left to keepDir/<name>/ (WS_SOAK_BENCH_KEEP), to study it after the bench. */
function keepRun(run, name, loads) {
  const keepDir = process.env.WS_SOAK_BENCH_KEEP;
  if (!keepDir) return;
  const dir = join(keepDir, name);
  mkdirSync(dir, { recursive: true });
  for (const file of ['samples.ndjson', 'summary.json', 'scenario.json']) {
    try {
      copyFileSync(join(run.dir, file), join(dir, file));
    } catch {
      // A file the run did not write: nothing to keep.
    }
  }
  writeFileSync(join(dir, 'orchestrator.json'), JSON.stringify({ usage: run.orchestrator, loads }));
}

/** The judge's time on every sample the run held (the final verdict's cost; object groups come from the parse benchmark). */
async function judgeMs(dir, samples, summary, repeat = 1) {
  const { judge } = await import(distModule('verdict/judge.js'));
  // The run folder's scenario.json is the resolved scenario the run used.
  const resolved = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'));
  const role = summary.processes[0]?.role ?? 'client';
  const input = {
    role,
    scenario: resolved,
    samples: repeated(samples.filter((s) => s.role === role), repeat, summary),
    snapshots: [],
    objectGroups: [],
    totalMs: summary.durationMs * repeat,
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
  // The machine is shared: the load average through the run goes with its figures.
  const loads = [{ t: 0, load: loadavg() }];
  const began = performance.now();
  const loadTimer = setInterval(() => loads.push({ t: performance.now() - began, load: loadavg() }), 60_000);
  const run = await soakRun(scenario(name, durationMs, intervalMs), { args, nodeArgs: ['--expose-gc'], timeoutMs: durationMs + 120_000, keep: true });
  clearInterval(loadTimer);
  loads.push({ t: performance.now() - began, load: loadavg() });
  if (run.orchestrator) keepRun(run, name, loads);
  if (!run.summary || !run.orchestrator) {
    run.remove();
    throw new Error(`scaling run ${name} failed (exit ${run.code}): ${run.stderr.slice(-500)}`);
  }
  const folder = folderBytes(run.dir);
  const judgedMs = await judgeMs(run.dir, run.samples, run.summary);
  // The judge on six times the samples: the 6-hour projection's judge time, measured.
  const judged6Ms = durationMs >= 60 * 60_000 ? await judgeMs(run.dir, run.samples, run.summary, PROJECTED_HOURS) : null;
  run.remove();
  const { timeline } = run.orchestrator;
  const end = timeline.at(-1).t;
  const early = cpuRate(timeline, end * 0.05, end * EDGE_SHARE);
  const late = cpuRate(timeline, end * (1 - EDGE_SHARE), end * 0.98);
  const rssEarly = rssBetween(timeline, end * 0.05, end * EDGE_SHARE);
  const rssLate = rssBetween(timeline, end * (1 - EDGE_SHARE), end * 0.98);
  const loadMean = loads.reduce((sum, p) => sum + p.load[0], 0) / loads.length;
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
    judge6Ms: judged6Ms,
    rssEarly,
    rssLate,
    loadMean,
    loadMax: Math.max(...loads.map((p) => p.load[0])),
  };
  log(`scaling ${name}: ${held} samples, CPU ${early.toFixed(1)} → ${late.toFixed(1)} ms/s, heap ${(result.heapFirst / MiB).toFixed(1)} → ${(result.heapLast / MiB).toFixed(1)} MiB (${heapPerSample.toFixed(0)} B/sample), peak RSS ${(result.maxRss / MiB).toFixed(0)} MiB, folder ${(folder.total / MiB).toFixed(1)} MiB (samples.ndjson ${(folder.samples / MiB).toFixed(2)} MiB, ${run.samples.length} lines), judge ${judgedMs.toFixed(0)} ms${judged6Ms === null ? '' : ` (${(judged6Ms / 1000).toFixed(2)} s on ${PROJECTED_HOURS}× the samples)`}, RSS ${(rssEarly / MiB).toFixed(0)} → ${(rssLate / MiB).toFixed(0)} MiB, load average ${loadMean.toFixed(2)} (max ${result.loadMax.toFixed(2)})`);
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
      goal: 'flat ±10%',
      met: Math.abs(cpuRatio - 1) <= 0.1,
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
      metric: `orchestrator RSS, ${label}`,
      value: `${(r.rssLate / MiB).toFixed(0)} MiB in the last quarter`,
      baseline: `${(r.rssEarly / MiB).toFixed(0)} MiB in the first quarter`,
      ratio: r.rssLate / r.rssEarly,
      ratioLabel: 'end ÷ start',
      goal: 'flat ±10%',
      met: Math.abs(r.rssLate / r.rssEarly - 1) <= 0.1,
      note: `load average ${r.loadMean.toFixed(2)} (max ${r.loadMax.toFixed(2)}) on 2 cores`,
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

/**
 * A 6-hour soak projected from the 60-minute run: what grows with samples held (orchestrator heap,
 * samples.ndjson) times six; the judge's time measured on the hour's samples laid end to end six
 * times; the CPU rate taken as its end-of-run figure.
 */
function projection(hour) {
  const samples = hour.samplesInFile * PROJECTED_HOURS;
  const heap = hour.heapLast + Math.max(0, hour.heapPerSample) * (samples - hour.samplesHeld);
  return {
    metric: `${PROJECTED_HOURS}-hour soak at 1 s (projected from 60 min)`,
    value: `orchestrator heap ~${(heap / MiB).toFixed(0)} MiB, samples.ndjson ~${((hour.folder.samples * PROJECTED_HOURS) / MiB).toFixed(1)} MiB, judge ${(hour.judge6Ms / 1000).toFixed(2)} s (measured on ${samples} samples), CPU ~${hour.cpuLate.toFixed(1)} ms/s`,
    baseline: `60 min: heap ${(hour.heapLast / MiB).toFixed(1)} MiB, samples.ndjson ${(hour.folder.samples / MiB).toFixed(1)} MiB, judge ${(hour.judgeMs / 1000).toFixed(2)} s`,
    ratio: hour.judge6Ms / hour.judgeMs,
    ratioLabel: 'judge, 6 h ÷ 1 h',
    goal: '',
    met: null,
    note: 'heap and samples.ndjson linear in samples held',
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
  const picked = process.env.WS_SOAK_BENCH_SCALING?.split(',').map((n) => n.trim());
  const unknown = (picked ?? []).filter((n) => !runs.some((r) => r[1] === n));
  if (unknown.length) throw new Error(`WS_SOAK_BENCH_SCALING names ${unknown.join(', ')}: choose from ${runs.map((r) => r[1]).join(', ')} (10min and 60min need --long)`);
  for (const [label, name, durationMs, intervalMs, args] of runs.filter((r) => !picked || picked.includes(r[1]))) {
    const r = await measure(name, durationMs, intervalMs, args, log);
    rows.push(...rowsFor(label, r));
    extra[name] = r;
  }
  if (extra['60min']) rows.push(projection(extra['60min']));
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
