/**
 * Issue 8 item 1, churn rate: reconnect cycles per second of `ws-soak run` (built-in client and
 * server, no traffic, shortest lifetime) against a bare ws connect → open → close loop between
 * two processes, measured in the same run, interleaved, with client.count 1, 8 and 64.
 * Only the part after warm-up is measured (V8 is slower for the first few thousand cycles).
 *
 * ws-soak is measured twice: at the probe's long-soak cadence (`sample.gcEvery: 15s`, what the
 * automatic cadence reaches from 7.5 minutes on; a longer run, so its measured part holds a forced
 * GC), the headline figure, and (client.count 1 and 8) with the automatic cadence of a short run,
 * which forces a full GC with every 1 s sample. Each forced GC makes V8
 * drop the optimized code of Node's socket and stream paths (src/probe/post-gc-cadence.ts), so the
 * second figure shows what the first 30 s of every run churn at.
 *
 * With --long (or WS_SOAK_BENCH_CHURN=connections, which runs that part alone), also the cost of
 * 1,000 concurrent connections: client.count 1000 in one process, and client.count 250 in each of
 * four processes (load.processes 3), against 10 connections, each connection held for
 * CONNECTION_LIFETIME: CPU and peak RSS of the orchestrator, the client, the server and the load
 * processes.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runBareClient } from './lib/bare-client.mjs';
import { procCpuMs } from './lib/proc.mjs';
import { loadavg } from 'node:os';
import { MiB, cpuRate, median, ratePerSecond } from './lib/stats.mjs';
import { soakRun } from './lib/soak-run.mjs';

const BARE_SERVER = fileURLToPath(new URL('./bare/ws-server.mjs', import.meta.url));
/** Share of each run left out as warm-up. */
const WARMUP_SHARE = 0.4;
const GOAL_RATIO = 0.8;

/**
 * The bare loop for `durationMs`: `{ rate, cpuPerCycle: { client, server } }` after warm-up
 * (cycles/s, and CPU ms per cycle of each process).
 */
export async function bareLoop(count, durationMs) {
  const server = fork(BARE_SERVER, [], { stdio: 'ignore', env: { ...process.env, BARE_MAX_MS: String(durationMs + 30_000) } });
  try {
    const port = await new Promise((resolve, reject) => {
      server.once('message', (m) => resolve(m.port));
      server.once('exit', () => reject(new Error('bare server exited')));
    });
    const timeline = await runBareClient({
      url: `ws://127.0.0.1:${port}/`,
      count,
      durationMs,
      cpuOf: { server: () => procCpuMs(server.pid) },
    });
    return windowFigures(timeline);
  } finally {
    server.kill();
  }
}

/**
 * Cycles/s and CPU ms per cycle of each process over the last (1 - WARMUP_SHARE) of a timeline
 * `[{ t, cycles, cpu: { role: ms } }]`. Only points where the count had just changed are used,
 * so a count that is reported late does not skew the figures.
 */
export function windowFigures(timeline) {
  // Only points where every process was alive (the client stops first at the end).
  const roles = Object.keys(timeline.reduce((a, p) => (Object.keys(p.cpu).length > Object.keys(a.cpu).length ? p : a), { cpu: {} }).cpu);
  const alive = timeline.filter((p) => roles.every((r) => p.cpu[r] !== undefined));
  const fresh = alive.filter((p, i) => i > 0 && p.cycles !== alive[i - 1].cycles);
  const last = fresh.at(-1);
  const first = alive[0];
  if (!last || !first) return { rate: NaN, cpuPerCycle: {} };
  const from = fresh.find((p) => p.t >= first.t + (last.t - first.t) * WARMUP_SHARE) ?? last;
  const cycles = last.cycles - from.cycles;
  const cpuPerCycle = {};
  for (const role of Object.keys(last.cpu)) {
    if (from.cpu[role] !== undefined) cpuPerCycle[role] = (last.cpu[role] - from.cpu[role]) / cycles;
  }
  return { rate: ratePerSecond({ t: from.t, n: from.cycles }, { t: last.t, n: last.cycles }), cpuPerCycle };
}

/** The scenario `ws-soak run` churns with. */
export function churnScenario(count, durationMs, extra = {}) {
  return {
    name: `bench-churn-${count}`,
    duration: `${durationMs}ms`,
    warmup: `${WARMUP_SHARE * 100}%`,
    snapshots: false,
    client: { count, backoff: { initial: '0ms' } },
    disconnect: { after: '0ms' },
    ...extra,
  };
}

/** The probe's post-GC cadence from 7.5 minutes into a run (src/probe/post-gc-cadence.ts). */
export const LONG_SOAK_SAMPLE = { sample: { gcEvery: '15s' } };

/** `ws-soak run` for `durationMs`: `{ rate, cpuPerCycle, orchestrator, summary }`. */
export async function soakLoop(count, durationMs, extra = {}) {
  const run = await soakRun(churnScenario(count, durationMs, extra), { timeoutMs: durationMs + 60_000 });
  if (!run.summary) throw new Error(`ws-soak run failed (exit ${run.code}): ${run.stderr.slice(-500)}`);
  return { ...windowFigures(run.timeline), orchestrator: run.orchestrator, summary: run.summary };
}

/** How long each connection is held in the connection-cost runs: 1,000 of them open at once take ~200 cycles/s. */
const CONNECTION_LIFETIME = '5s';
const CONNECTION_RUN_MS = 40_000;
/** [label, client.count, load.processes]: 1,000 connections two ways, against 10. */
const CONNECTION_SHAPES = [
  ['10 connections', 10, 0],
  ['1,000 connections (client.count 1000)', 1000, 0],
  ['1,000 connections (client.count 250, load.processes 3)', 250, 3],
];

/**
 * CPU ms/s of each process over the measured part of a run: from WARMUP_SHARE of the span in
 * which client and server both ran (from the poll's cpuTimeline) to its end.
 */
function cpuRates(cpuTimeline) {
  const both = cpuTimeline.filter((p) => p.cpu.client !== undefined && p.cpu.server !== undefined);
  const first = both.at(0);
  const last = both.at(-1);
  if (!first || !last || last.t <= first.t) return {};
  const from = both.find((p) => p.t >= first.t + (last.t - first.t) * WARMUP_SHARE) ?? first;
  const rates = {};
  for (const role of Object.keys(last.cpu)) {
    if (from.cpu[role] !== undefined) rates[role] = ((last.cpu[role] - from.cpu[role]) * 1000) / (last.t - from.t);
  }
  return rates;
}

/** What holding many connections costs each process: one row per shape. */
export async function connectionCost(log) {
  const rows = [];
  const extra = {};
  let base = null;
  for (const [label, count, processes] of CONNECTION_SHAPES) {
    const load = loadavg()[0];
    const scenario = {
      ...churnScenario(count, CONNECTION_RUN_MS, LONG_SOAK_SAMPLE),
      client: { count, backoff: { initial: '0ms' } },
      disconnect: { after: CONNECTION_LIFETIME },
      load: { processes },
    };
    const run = await soakRun(scenario, { timeoutMs: CONNECTION_RUN_MS + 60_000 });
    if (!run.summary) throw new Error(`ws-soak run (${label}) failed (exit ${run.code}): ${run.stderr.slice(-500)}`);
    const rates = cpuRates(run.cpuTimeline);
    const figures = {
      count,
      processes,
      // The whole run's rate (cycles are counted at the client, load processes included).
      cyclesPerSecond: (run.summary.cycles * 1000) / run.summary.durationMs,
      // The server sees every connection, load processes' too.
      peakOpen: run.summary.connections?.server?.peakOpen ?? run.summary.connections?.client?.peakOpen,
      endedBy: run.summary.endedBy,
      error: run.summary.error ?? null,
      cpu: { orchestrator: steadyCpuRate(run.orchestrator?.timeline ?? []), ...rates },
      peakRss: { orchestrator: run.orchestrator?.maxRssBytes, ...run.peakRss },
      load,
    };
    extra[label] = figures;
    if (figures.error) log(`connections ${label}: the run ended by ${figures.endedBy}: ${JSON.stringify(figures.error).slice(0, 300)}`);
    base ??= figures;
    const mb = (b) => (b === undefined ? '—' : `${(b / MiB).toFixed(0)} MiB`);
    const cpu = (r) => (r === undefined ? '—' : `${r.toFixed(0)} ms/s`);
    const text =
      `orchestrator ${cpu(figures.cpu.orchestrator)} ${mb(figures.peakRss.orchestrator)}, client ${cpu(figures.cpu.client)} ${mb(figures.peakRss.client)}, ` +
      `server ${cpu(figures.cpu.server)} ${mb(figures.peakRss.server)}` +
      (processes ? `, load processes ${cpu(figures.cpu.load)} in all, ${mb(figures.peakRss.load)} each` : '');
    log(`connections ${label}: ${figures.peakOpen} open at most, ${figures.cyclesPerSecond.toFixed(0)} cycles/s; ${text}; load average ${load.toFixed(2)}`);
    rows.push({
      metric: `cost of ${label}`,
      value: text,
      baseline: figures === base ? '' : `10 connections: orchestrator ${cpu(base.cpu.orchestrator)}, server ${cpu(base.cpu.server)} ${mb(base.peakRss.server)}`,
      ratio: figures === base ? NaN : figures.cpu.server / base.cpu.server,
      ratioLabel: 'server CPU ÷ 10 connections',
      goal: '',
      met: null,
      note: `${figures.error ? `the run ended by error (${figures.error.code}): figures partial; ` : ''}${figures.peakOpen} open at most, ${figures.cyclesPerSecond.toFixed(0)} cycles/s, each connection held ${CONNECTION_LIFETIME}; load average ${load.toFixed(2)}`,
    });
  }
  return { rows, extra };
}

export async function bench({ long, log, shared }) {
  if (process.env.WS_SOAK_BENCH_CHURN === 'connections') return connectionCost(log);
  const durationMs = long ? 30_000 : 10_000;
  // Long enough that the measured part (after WARMUP_SHARE) holds the forced GC at 15 s.
  const longSoakMs = long ? 60_000 : 24_000;
  const reps = long ? 3 : 2;
  const rows = [];
  const extra = {};
  for (const count of [1, 8, 64]) {
    const pairs = [];
    for (let i = 0; i < reps; i++) {
      // Interleaved pairs, so drift in the machine's load hits both sides of a pair alike.
      const bare = await bareLoop(count, durationMs);
      const soak = await soakLoop(count, longSoakMs, LONG_SOAK_SAMPLE);
      // At 64 connections the per-GC cost is spread over many cycles: shown at 1 and 8 only.
      const dense = count <= 8 ? await soakLoop(count, durationMs) : null;
      pairs.push({ bare, soak, dense });
      log(
        `churn count=${count} rep ${i + 1}: bare ${bare.rate.toFixed(0)}/s, ws-soak ${soak.rate.toFixed(0)}/s` +
          `${dense ? `, with a GC every second ${dense.rate.toFixed(0)}/s` : ''} (${perCycle(soak)} vs ${perCycle(bare)})`,
      );
    }
    const r = median(pairs.map((p) => p.soak.rate / p.bare.rate));
    const hasDense = pairs.every((p) => p.dense !== null);
    const cpu = (side, role) => median(pairs.map((p) => p[side].cpuPerCycle[role]));
    rows.push({
      metric: `churn, client.count ${count}`,
      value: `${median(pairs.map((p) => p.soak.rate)).toFixed(0)} cycles/s`,
      baseline: `${median(pairs.map((p) => p.bare.rate)).toFixed(0)} cycles/s (bare loop)`,
      ratio: r,
      goal: `≥ ${GOAL_RATIO}×`,
      met: r >= GOAL_RATIO,
      note: `CPU per cycle: client ${cpu('soak', 'client').toFixed(2)} ms vs ${cpu('bare', 'client').toFixed(2)}, server ${cpu('soak', 'server').toFixed(2)} ms vs ${cpu('bare', 'server').toFixed(2)}`,
    });
    if (hasDense) rows.push({
      metric: `  first 30 s of a run (GC every 1 s), count ${count}`,
      value: `${median(pairs.map((p) => p.dense.rate)).toFixed(0)} cycles/s`,
      baseline: 'the same bare loop',
      ratio: median(pairs.map((p) => p.dense.rate / p.bare.rate)),
      goal: 'shown',
      met: null,
      note: `CPU per cycle: client ${cpu('dense', 'client').toFixed(2)} ms, server ${cpu('dense', 'server').toFixed(2)} ms (forced GCs drop V8's optimized code)`,
    });
    extra[count] = pairs.map(({ bare, soak, dense }) => ({
      bare: { rate: bare.rate, cpuPerCycle: bare.cpuPerCycle },
      soak: { rate: soak.rate, cpuPerCycle: soak.cpuPerCycle, cycles: soak.summary.cycles },
      denseGc: dense && { rate: dense.rate, cpuPerCycle: dense.cpuPerCycle },
      orchestratorCpuMs: soak.orchestrator?.cpuMs,
      orchestratorCpuRate: steadyCpuRate(soak.orchestrator?.timeline ?? []),
      wallMs: soak.orchestrator?.wallMs,
      orchestratorMaxRss: soak.orchestrator?.maxRssBytes,
    }));
  }
  shared.churn = extra;
  if (long) {
    const connections = await connectionCost(log);
    rows.push(...connections.rows);
    extra.connections = connections.extra;
  }
  return { rows, extra };
}

/** The orchestrator's CPU ms per second after start-up: over the measured part of the run. */
function steadyCpuRate(timeline) {
  const end = timeline.at(-1)?.t ?? 0;
  return cpuRate(timeline, end * WARMUP_SHARE, end * 0.95);
}

function perCycle(run) {
  const { client, server } = run.cpuPerCycle;
  return `CPU/cycle client ${client?.toFixed(2)} ms, server ${server?.toFixed(2)} ms`;
}
