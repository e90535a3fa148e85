/**
 * Issue 16, attach: the CPU that sampling over the inspector (server.attach) costs the attached
 * process, at a 1 s interval. Goal: ≤ 2% of the target's CPU.
 *
 * Load-proof by pairing: each repetition starts TWO copies of the paced ws client
 * (bench/targets/paced-client.mjs, one connect → open → close cycle every PACE_MS) at the same
 * moment against the same server, and attaches ws-soak (by pid: SIGUSR1, the real AttachedSide)
 * to one of them only. Both live through the same load, so what a busy machine does to the loop
 * (fewer cycles, slower cycles) cancels in the pair's difference; the slot that gets attached
 * alternates between repetitions. The figure is the target's own CPU time (process.cpuUsage: all
 * its threads, the inspector's included) per second of wall time over the same window, attached
 * minus not attached, and per cycle as a cross-check; medians over repetitions. A pair where
 * neither is attached gives the noise floor of the method.
 *
 * Cadences: plain samples only (sample.gc off: what every sample costs), once at 1 s and once at
 * 20 ms, where 50 samples a second lift the cost above the pair's noise (a few ms/s) and the
 * difference divided by the samples taken is the cost of one; a post-GC sample every second (the
 * automatic cadence's first 30 s) and the long-soak cadence (a post-GC sample every 15 s), and at
 * that cadence ws-soak's in-process probe instead, paired the same way (is the cost the inspector's
 * or the forced GC's?). Last, the direct cost per sample in an idle target (no loop at all).
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { distModule } from './lib/proc.mjs';
import { median } from './lib/stats.mjs';
import { startBareServer, targetReport } from './probe-overhead.mjs';

const TARGET = fileURLToPath(new URL('./targets/paced-client.mjs', import.meta.url));
const GOAL_CPU_SHARE = 0.02;
const LONG_SOAK_GC_MS = 15_000;
const WARMUP_MS = 3_000;
/** 10 ms a cycle in each of the two copies: together the same loop as the probe benchmark's single 5 ms one, so the pair adds no load over it. */
const PACE_MS = 10;
/** When ws-soak attaches: 1 s in, before the measured window opens at WARMUP_MS. */
const ATTACH_AT_MS = 1_000;

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts one copy of the target with its inspector port set (closed until SIGUSR1). */
async function startTarget(url, durationMs, probeEnv = {}) {
  const inspectPort = await freePort();
  const child = fork(TARGET, [], {
    execArgv: ['--expose-gc', `--inspect-port=127.0.0.1:${inspectPort}`],
    serialization: 'json',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, BARE_URL: url, TARGET_DURATION_MS: String(durationMs), TARGET_WARMUP_MS: String(WARMUP_MS), PACE_MS: String(PACE_MS), PROBE_INTERVAL_MS: '0', ...probeEnv },
  });
  return { child, inspectPort, report: targetReport(child, durationMs, 'attach target') };
}

/** Attaches ws-soak's AttachedSide to a running target, sampling every second at `cadence`. */
async function attachTo(target, cadence) {
  const { AttachedSide } = await import(distModule('attach/attached-side.js'));
  const scenario = { sample: { intervalMs: cadence.intervalMs ?? 1_000, gc: cadence.gc, gcEveryMs: cadence.gcEveryMs ?? null }, durationMs: null, underTest: 'server' };
  const side = await AttachedSide.open({ kind: 'pid', pid: target.child.pid, port: target.inspectPort }, scenario, Date.now());
  const counts = { samples: 0, postGc: 0 };
  side.on('message', (m) => {
    if (m.type !== 'sample') return;
    counts.samples++;
    if (m.sample.postGc) counts.postGc++;
  });
  side.start();
  return { side, counts };
}

/** One pair: both copies at once, ws-soak attached to copy `attachSlot` (null: to neither). */
async function runPair(url, cadence, attachSlot) {
  const load = [loadAverage()];
  // The in-process comparison: ws-soak's own Sampler in the measured copy instead of the inspector.
  const probeEnv = cadence.inProcess ? { PROBE_INTERVAL_MS: '1000', PROBE_GC_EVERY_MS: String(cadence.gcEveryMs), SAMPLER_MODULE: distModule('probe/sampler.js') } : {};
  const targets = await Promise.all([0, 1].map((slot) => startTarget(url, cadence.durationMs, slot === attachSlot ? probeEnv : {})));
  let attached = null;
  try {
    if (attachSlot !== null && !cadence.inProcess) {
      await new Promise((r) => setTimeout(r, ATTACH_AT_MS));
      attached = await attachTo(targets[attachSlot], cadence);
    }
    const reports = await Promise.all(targets.map((t) => t.report));
    load.push(loadAverage());
    const windowS = (cadence.durationMs - WARMUP_MS) / 1000;
    const [a, b] = attachSlot === 1 ? [reports[1], reports[0]] : reports;
    return {
      // ms of CPU per second of the same wall window, and per cycle; `a` is the attached copy.
      extraMsPerS: (a.cpuMs - b.cpuMs) / windowS,
      baseMsPerS: b.cpuMs / windowS,
      perCycleRatio: a.cpuMs / a.cycles / (b.cpuMs / b.cycles),
      cycles: [a.cycles, b.cycles],
      counts: attached?.counts ?? null,
      probeSamples: a.samples,
      samplesPerS: attached ? attached.counts.samples / ((cadence.durationMs - ATTACH_AT_MS) / 1000) : 0,
      load: load.join(' → '),
    };
  } finally {
    attached?.side.kill();
    for (const t of targets) if (t.child.exitCode === null) t.child.kill('SIGKILL');
  }
}

/** The target's own CPU per sample, read from its process.cpuUsage() around back-to-back samples (an idle target: far less noisy than the difference). */
export async function directCost(samples) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', '-e', 'setInterval(() => {}, 1000)'], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let text = '';
      child.stderr.on('data', (d) => {
        text += d;
        const m = /ws:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', () => reject(new Error('direct-cost target exited')));
    });
    const { openInspector } = await import(distModule('attach/open-inspector.js'));
    const { readFigures, collectGarbage } = await import(distModule('attach/remote-probe.js'));
    const { session } = await openInspector({ kind: 'inspector', host: '127.0.0.1', port });
    const cpuOf = async (postGc) => {
      const before = (await readFigures(session)).cpuMicros;
      if (postGc) {
        await collectGarbage(session);
        await readFigures(session, true);
      }
      // The closing read's own cost is the next sample's opening read: one read per plain sample.
      return (await readFigures(session)).cpuMicros - before;
    };
    const plain = [];
    const gc = [];
    for (let i = 0; i < samples; i++) plain.push((await cpuOf(false)) / 1000);
    for (let i = 0; i < samples; i++) gc.push((await cpuOf(true)) / 1000);
    await session.close();
    return { plainMs: median(plain), gcMs: median(gc) };
  } finally {
    child.kill('SIGKILL');
  }
}

/** `only`: a subset of the cadences below, by name (for a quick re-measure from a script). */
export async function bench({ long, log, only = null }) {
  const reps = long ? 5 : 3;
  const cadences = {
    floor: { attach: false, durationMs: 15_000, label: 'neither copy attached (noise floor)' },
    plain: { attach: true, gc: false, durationMs: 15_000, label: 'plain samples only (no forced GC)' },
    plainFast: { attach: true, gc: false, intervalMs: 20, durationMs: 15_000, label: 'plain samples every 20 ms (cost of one, scaled to 1 s)' },
    gc1s: { attach: true, gc: true, gcEveryMs: 1_000, durationMs: 15_000, label: 'a post-GC sample every second (first 30 s)' },
    long: { attach: true, gc: true, gcEveryMs: LONG_SOAK_GC_MS, durationMs: WARMUP_MS + 3 * LONG_SOAK_GC_MS, label: `long soak (a post-GC sample every ${LONG_SOAK_GC_MS / 1000} s)` },
    // The same cadence from the in-process probe: what the forced GC costs whichever way it is asked for.
    probeLong: { attach: true, inProcess: true, gcEveryMs: LONG_SOAK_GC_MS, durationMs: WARMUP_MS + 3 * LONG_SOAK_GC_MS, label: `in-process probe for comparison, long soak (a post-GC sample every ${LONG_SOAK_GC_MS / 1000} s)` },
  };
  for (const name of Object.keys(cadences)) if (only && !only.includes(name)) delete cadences[name];
  const runs = Object.fromEntries(Object.keys(cadences).map((c) => [c, []]));
  const server = await startBareServer(reps * 150_000 + 60_000);
  try {
    for (let i = 0; i < reps; i++) {
      for (const [name, cadence] of Object.entries(cadences)) {
        const r = await runPair(server.url, cadence, cadence.attach ? i % 2 : null);
        runs[name].push(r);
        const samples = r.counts ? `, ${r.counts.samples} samples (${r.counts.postGc} post-GC)` : '';
        log(`attach pair, ${cadence.label}, rep ${i + 1}: ${r.extraMsPerS >= 0 ? '+' : ''}${r.extraMsPerS.toFixed(2)} ms/s CPU over ${r.baseMsPerS.toFixed(1)} ms/s, per cycle ${r.perCycleRatio.toFixed(3)}×, cycles ${r.cycles.join(' / ')}${samples}, load ${r.load}`);
      }
    }
  } finally {
    server.stop();
  }
  const rows = Object.entries(cadences).map(([name, cadence]) => {
    const base = median(runs[name].map((r) => r.baseMsPerS));
    const spread = runs[name].map((r) => r.extraMsPerS.toFixed(1)).join(', ');
    const loads = runs[name].map((r) => r.load).join(', ');
    if (name === 'plainFast') {
      // One sample's cost (extra CPU ÷ samples taken), at one sample a second.
      const perSample = median(runs[name].map((r) => r.extraMsPerS / r.samplesPerS));
      return {
        metric: `attach sampling CPU, ${cadence.label}`,
        value: `${perSample.toFixed(2)} ms per sample (${(perSample / 10).toFixed(3)}% of a core at 1 s)`,
        baseline: `${base.toFixed(1)} ms/s, the unattached copy`,
        ratio: 1 + perSample / base,
        goal: '≤ 1.02×',
        met: perSample / base <= GOAL_CPU_SHARE,
        note: `reps ${spread} ms/s extra at ${median(runs[name].map((r) => r.samplesPerS)).toFixed(0)} samples/s; load ${loads}`,
      };
    }
    const extra = median(runs[name].map((r) => r.extraMsPerS));
    const judged = name === 'long';
    const samples = name === 'probeLong' ? ` (${median(runs[name].map((r) => r.probeSamples))} samples)` : '';
    return {
      metric: `attach sampling CPU at 1 s, ${cadence.label} (paired, extra CPU per second)`,
      value: `${extra >= 0 ? '+' : ''}${extra.toFixed(2)} ms/s (${(extra / 10).toFixed(2)}% of a core)`,
      baseline: `${base.toFixed(1)} ms/s, the unattached copy`,
      ratio: 1 + extra / base,
      goal: judged ? '≤ 1.02×' : '',
      met: judged ? extra / base <= GOAL_CPU_SHARE : null,
      note: `reps ${spread} ms/s${samples}; per cycle ${median(runs[name].map((r) => r.perCycleRatio)).toFixed(3)}×; load ${loads}`,
    };
  });
  const cost = await directCost(long ? 50 : 20);
  log(`attach direct cost: ${cost.plainMs.toFixed(2)} ms CPU per plain sample, ${cost.gcMs.toFixed(2)} ms per post-GC sample (idle target)`);
  rows.push({
    metric: 'attach sampling CPU in the target, per sample (idle target, direct)',
    value: `${cost.plainMs.toFixed(2)} ms plain, ${cost.gcMs.toFixed(2)} ms post-GC`,
    baseline: '1,000 ms between samples',
    ratio: 1 + cost.plainMs / 1000,
    ratioLabel: 'share of a core at 1 s, plain samples',
    goal: '',
    met: null,
    note: `post-GC at 1 s (first 30 s): ${(cost.gcMs / 10).toFixed(2)}% of a core; at the long-soak cadence ${((cost.plainMs * 14 + cost.gcMs) / 15 / 10).toFixed(2)}%`,
  });
  return { rows, extra: { runs, cost } };
}
