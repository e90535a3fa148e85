/**
 * Runs `ws-soak run` (the built CLI) on a scenario object and reads back what the run left:
 * summary.json, samples.ndjson, the orchestrator's own CPU time and peak RSS, and a timeline of
 * the cycle count and of the CPU time of the client and server processes (read from /proc).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childPids, cliPath, procCpuMs, procPeakRss, runNode, tempDir } from './proc.mjs';

/** How often the children's CPU time and the cycle count are read while the run goes. */
const POLL_MS = 250;

/** The cycle count of the last complete line of samples.ndjson, or null. */
function lastCycle(file) {
  try {
    const text = readFileSync(file, 'utf8');
    const end = text.lastIndexOf('\n');
    const start = text.lastIndexOf('\n', end - 1) + 1;
    return end > 0 ? JSON.parse(text.slice(start, end)).cycle : null;
  } catch {
    return null;
  }
}

/**
 * `scenario` is a scenario file's content (JSON is a valid scenario file). Returns
 * `{ code, summary, samples, orchestrator, children: { client?, server?, load? } (CPU ms),
 *    peakRss: { client?, server?, load? } (bytes, VmHWM; load: the largest load process),
 *    timeline: [{ t, cycles, cpu: { client?, server?, load? } }], cpuTimeline: [{ t, cpu }] (every poll), stderr }`.
 * `load` is the client's own child processes (load.processes), their CPU summed.
 * The run folder is deleted afterwards unless `keep` is set (then `dir` and `remove()` are returned).
 * `nodeArgs` go to the CLI's own process (e.g. --expose-gc, for post-GC orchestrator figures).
 */
export async function soakRun(scenario, { args = [], nodeArgs = [], timeoutMs = 120_000, keep = false } = {}) {
  const scratch = tempDir('run');
  const file = join(scratch.dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  const out = join(scratch.dir, 'out');
  const cpuByPid = {};
  const peakByPid = {};
  /** CPU ms of each load process (a child of a child), kept after it exits. */
  const loadCpuByPid = {};
  const rawTimeline = [];
  let poll = null;
  const started = performance.now();
  const result = await runNode(cliPath(), ['run', file, '--out', out, '--quiet', ...args], {
    timeoutMs,
    nodeArgs,
    onSpawn: (child) => {
      poll = setInterval(() => {
        const cpu = {};
        for (const pid of childPids(child.pid)) {
          const ms = procCpuMs(pid);
          if (ms !== null) cpu[pid] = cpuByPid[pid] = ms;
          peakByPid[pid] = procPeakRss(pid) ?? peakByPid[pid];
          for (const grandchild of childPids(pid)) {
            const gms = procCpuMs(grandchild);
            if (gms !== null) loadCpuByPid[grandchild] = { parent: pid, ms: gms, peakRss: procPeakRss(grandchild) ?? loadCpuByPid[grandchild]?.peakRss };
          }
        }
        rawTimeline.push({ t: performance.now() - started, cycles: lastCycle(join(out, 'samples.ndjson')), cpu, load: structuredClone(loadCpuByPid) });
      }, POLL_MS);
    },
  });
  clearInterval(poll);
  let summary = null;
  let samples = [];
  try {
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    samples = readFileSync(join(out, 'samples.ndjson'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    // A failed run leaves no summary: the caller reports `code` and `stderr`.
  }
  const roleOf = Object.fromEntries(Object.entries(summary?.pids ?? {}).map(([role, pid]) => [pid, role]));
  const byRole = (cpu) => Object.fromEntries(Object.entries(cpu).filter(([pid]) => roleOf[pid]).map(([pid, ms]) => [roleOf[pid], ms]));
  // Load processes are the client's children (the server's children are its own, e.g. cluster workers).
  const loadOf = (load) => Object.values(load).filter((l) => roleOf[l.parent] === 'client');
  const withLoad = (cpu, load) => {
    const mine = loadOf(load);
    return mine.length ? { ...byRole(cpu), load: mine.reduce((sum, l) => sum + l.ms, 0) } : byRole(cpu);
  };
  const timeline = rawTimeline.filter((p) => p.cycles !== null).map((p) => ({ t: p.t, cycles: p.cycles, cpu: withLoad(p.cpu, p.load) }));
  // Every poll, with or without a cycle count yet (samples.ndjson may start late on a busy machine).
  const cpuTimeline = rawTimeline.map((p) => ({ t: p.t, cpu: withLoad(p.cpu, p.load) }));
  const loads = loadOf(rawTimeline.at(-1)?.load ?? {});
  const peakRss = byRole(peakByPid);
  if (loads.length) peakRss.load = Math.max(...loads.map((l) => l.peakRss ?? 0));
  if (!keep) scratch.remove();
  return {
    code: result.code,
    summary,
    samples,
    orchestrator: result.usage,
    children: withLoad(cpuByPid, rawTimeline.at(-1)?.load ?? {}),
    peakRss,
    timeline,
    cpuTimeline,
    stderr: result.stderr,
    dir: keep ? out : null,
    remove: scratch.remove,
  };
}
