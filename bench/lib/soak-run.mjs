/**
 * Runs `ws-soak run` (the built CLI) on a scenario object and reads back what the run left:
 * summary.json, samples.ndjson, the orchestrator's own CPU time and peak RSS, and a timeline of
 * the cycle count and of the CPU time of the client and server processes (read from /proc).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childPids, cliPath, procCpuMs, runNode, tempDir } from './proc.mjs';

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
 * `{ code, summary, samples, orchestrator, children: { client?, server? } (CPU ms),
 *    timeline: [{ t, cycles, cpu: { client?, server? } }], stderr }`.
 * The run folder is deleted afterwards unless `keep` is set (then `dir` and `remove()` are returned).
 * `nodeArgs` go to the CLI's own process (e.g. --expose-gc, for post-GC orchestrator figures).
 */
export async function soakRun(scenario, { args = [], nodeArgs = [], timeoutMs = 120_000, keep = false } = {}) {
  const scratch = tempDir('run');
  const file = join(scratch.dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  const out = join(scratch.dir, 'out');
  const cpuByPid = {};
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
        }
        rawTimeline.push({ t: performance.now() - started, cycles: lastCycle(join(out, 'samples.ndjson')), cpu });
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
  const timeline = rawTimeline.filter((p) => p.cycles !== null).map((p) => ({ t: p.t, cycles: p.cycles, cpu: byRole(p.cpu) }));
  if (!keep) scratch.remove();
  return {
    code: result.code,
    summary,
    samples,
    orchestrator: result.usage,
    children: byRole(cpuByPid),
    timeline,
    stderr: result.stderr,
    dir: keep ? out : null,
    remove: scratch.remove,
  };
}
