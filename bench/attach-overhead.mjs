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
  return { rows, extra: { runs } };
}
