/**
 * Starting Node.js processes for the benchmarks: bounded in time, with their own CPU time and
 * peak RSS measured from inside (rusage-hook.cjs), and the CPU time of other processes read
 * from /proc.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI under benchmark; WS_SOAK_BENCH_CLI points at another build's cli.js (to measure a change). */
export function cliPath() {
  return process.env.WS_SOAK_BENCH_CLI ?? join(ROOT, 'dist', 'cli.js');
}

/** A module of the build under benchmark, e.g. `distModule('heap/parse.js')`, as a file URL for import(). */
export function distModule(path) {
  return pathToFileURL(join(cliPath(), '..', path)).href;
}
const HOOK = fileURLToPath(new URL('./rusage-hook.cjs', import.meta.url));

/** A fresh temporary folder under the system's temp dir; `remove()` deletes it. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `ws-soak-bench-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs `node [nodeArgs] script [args]` to completion (killed after `timeoutMs`), and returns
 * its exit code, output and its own resource usage `{ wallMs, cpuMs, maxRssBytes, timeline }`.
 */
export function runNode(script, args = [], { nodeArgs = [], env = {}, timeoutMs = 300_000, cwd = ROOT, onSpawn } = {}) {
  const scratch = tempDir('rusage');
  const out = join(scratch.dir, 'rusage.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--require', HOOK, script, ...args], {
      cwd,
      env: { ...process.env, ...env, BENCH_RUSAGE_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let usage = null;
      try {
        usage = JSON.parse(readFileSync(out, 'utf8'));
      } catch {
        // Killed before its exit handler ran: no usage figures.
      }
      scratch.remove();
      resolve({ code, signal, stdout, stderr, usage });
    });
  });
}

/** CPU time (user + system) a process has used so far, ms; null once it is gone. */
export function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** Peak RSS (VmHWM) of a process, bytes; null once it is gone. */
export function procPeakRss(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Pids of a process's direct children. */
export function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
