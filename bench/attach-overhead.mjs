/**
 * Issue 16, attach: the CPU that sampling over the inspector (server.attach) costs the attached
 * process, at a 1 s interval. The target is the probe-overhead benchmark's paced ws client (a fixed
 * amount of work per second, bench/targets/paced-client.mjs) started with --inspect-port, run
 * without ws-soak, and with ws-soak attached by pid (SIGUSR1, the real AttachedSide) sampling every
 * second: with a post-GC sample every second (the automatic cadence's first 30 s) and at the long-soak
 * cadence (one per 15 s). Interleaved repetitions, medians; the CPU counted is the target's own
 * (process.cpuUsage: all its threads, the inspector's included), per cycle.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { distModule } from './lib/proc.mjs';
import { median } from './lib/stats.mjs';
import { startBareServer, targetReport } from './probe-overhead.mjs';

const TARGET = fileURLToPath(new URL('./targets/paced-client.mjs', import.meta.url));
const GOAL_CPU_SHARE = 0.02;
const LONG_SOAK_GC_MS = 15_000;

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

/** One run of the target; with `variant.attach`, ws-soak attaches 1 s in (before the warm-up ends). */
async function runTarget(url, variant, durationMs, warmupMs) {
  const inspectPort = await freePort();
  const child = fork(TARGET, [], {
    execArgv: ['--expose-gc', `--inspect-port=127.0.0.1:${inspectPort}`],
    serialization: 'json',
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, BARE_URL: url, TARGET_DURATION_MS: String(durationMs), TARGET_WARMUP_MS: String(warmupMs), PROBE_INTERVAL_MS: '0' },
  });
  const reported = targetReport(child, durationMs, 'attach target');
  let side = null;
  let samples = 0;
  if (variant.attach) {
    await new Promise((r) => setTimeout(r, 1_000));
    const { AttachedSide } = await import(distModule('attach/attached-side.js'));
    const scenario = { sample: { intervalMs: 1_000, gc: true, gcEveryMs: variant.gcEveryMs ?? null }, durationMs: null, underTest: 'server' };
    side = await AttachedSide.open({ kind: 'pid', pid: child.pid, port: inspectPort }, scenario, Date.now());
    side.on('message', (m) => {
      if (m.type === 'sample') samples++;
    });
    side.start();
  }
  const report = await reported;
  side?.kill();
  return { ...report, samples };
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

export async function bench({ long, log }) {
  const warmupMs = 3_000;
  const reps = long ? 5 : 3;
  const variants = {
    none: { attach: false, durationMs: 15_000, label: 'not attached' },
    '1s': { attach: true, durationMs: 15_000, label: 'attached, 1 s, first 30 s (GC every sample)' },
    '1s-long': { attach: true, gcEveryMs: LONG_SOAK_GC_MS, durationMs: warmupMs + 3 * LONG_SOAK_GC_MS, label: `attached, 1 s, long soak (GC every ${LONG_SOAK_GC_MS / 1000} s)` },
  };
  const runs = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  const server = await startBareServer(reps * 3 * 80_000);
  try {
    for (let i = 0; i < reps; i++) {
      for (const [name, variant] of Object.entries(variants)) {
        const r = await runTarget(server.url, variant, variant.durationMs, warmupMs);
        runs[name].push(r);
        log(`attach ${variant.label} rep ${i + 1}: cpu ${r.cpuMs.toFixed(0)} ms, ${r.cycles} cycles, ${r.samples} samples`);
      }
    }
  } finally {
    server.stop();
  }
  const cpuPerCycle = (name) => median(runs[name].map((r) => r.cpuMs / r.cycles));
  const rows = ['1s-long', '1s'].map((name) => {
    const share = cpuPerCycle(name) / cpuPerCycle('none') - 1;
    const goalApplies = name === '1s-long';
    return {
      metric: `attach sampling CPU, ${variants[name].label} (difference per cycle)`,
      value: `${cpuPerCycle(name).toFixed(3)} ms/cycle`,
      baseline: `${cpuPerCycle('none').toFixed(3)} ms/cycle not attached`,
      ratio: 1 + share,
      goal: goalApplies ? '≤ 1.02×' : '',
      met: goalApplies ? share <= GOAL_CPU_SHARE : null,
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
