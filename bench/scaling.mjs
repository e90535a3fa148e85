/**
 * Issue 8 item 6, scaling: how the orchestrator's CPU and memory grow with the samples it holds
 * and with client.count. One process under test sampled every 100 ms for 60 s holds 600 samples
 * at the end — ten minutes of samples at the usual 1 s — so the start and the end of the same run
 * show the cost with 60 and with 600 samples held; a second run does the same with --until-verdict,
 * which judges everything held every second. --long adds real 10- and 60-minute runs at 1 s.
 * client.count scaling comes from the churn runs (bench/churn.mjs), when they ran first.
 */
import { soakRun } from './lib/soak-run.mjs';
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

async function measure(name, durationMs, intervalMs, args, log) {
  const run = await soakRun(scenario(name, durationMs, intervalMs), { args, nodeArgs: ['--expose-gc'], timeoutMs: durationMs + 120_000 });
  if (!run.summary || !run.orchestrator) throw new Error(`scaling run ${name} failed (exit ${run.code}): ${run.stderr.slice(-500)}`);
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
  };
  log(`scaling ${name}: ${held} samples, CPU ${early.toFixed(1)} → ${late.toFixed(1)} ms/s, heap ${(result.heapFirst / MiB).toFixed(1)} → ${(result.heapLast / MiB).toFixed(1)} MiB (${heapPerSample.toFixed(0)} B/sample), peak RSS ${(result.maxRss / MiB).toFixed(0)} MiB`);
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
  ];
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
