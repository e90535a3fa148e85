/**
 * Helpers of the fault-injection suite (`npm run test:faults`): scenarios for the fault client, the
 * real CLI started in its own process group (as a terminal or a CI runner starts it, so a signal can
 * go to the whole group), and tmpfs mounts where the machine allows them.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, FIXTURES, ROOT, tempDir } from '../helpers/run-cli.js';

export const FAULT_CLIENT = join(FIXTURES, 'faults', 'fault-client.mjs');

/** Writes a scenario for the fault client into `dir`; `extra` is more YAML. */
export function faultScenario(dir: string, name: string, extra = ''): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nduration: 30s\nsample:\n  interval: 250ms\nclient:\n  module: ${JSON.stringify(FAULT_CLIENT)}\ndisconnect:\n  after: 20ms\n${extra}`);
  return file;
}

/** A CLI run in progress. */
export interface CliProcess {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Settles with the exit code and signal, and when it came (Date.now()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * Starts `ws-soak ...args` as the leader of a new process group (what `setsid` does): `-pid` is then
 * the group a terminal's Ctrl-C or hang-up would reach. Killed after `timeoutMs` whatever happens.
 */
export function startCli(args: string[], env: Record<string, string> = {}, timeoutMs = 90_000): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    detached: true,
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, at: Date.now() });
    }),
  );
  return { child, stderr: () => stderr, stdout: () => stdout, exited };
}

/** Polls `check` every 50 ms until it returns something truthy, at most `timeoutMs`; throws on timeout. */
export async function waitFor<T>(what: string, check: () => T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The .heapsnapshot files in `dir` (a file V8 has just created counts, even at 0 bytes). */
export function snapshotFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')) : [];
}

export function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Every line of samples.ndjson parses: no cut line. */
export function sampleLines(dir: string): unknown[] {
  const text = readFileSync(join(dir, 'samples.ndjson'), 'utf8');
  if (text !== '' && !text.endsWith('\n')) throw new Error('samples.ndjson ends in a cut line');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** Why tmpfs cannot be mounted here (not root, no CAP_SYS_ADMIN), or null when it can. */
function probeMount(): string | null {
  const dir = tempDir('ws-soak-mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
  }
}

/** Null where tmpfs mounts work; otherwise why the disk tests are skipped. */
export const MOUNT_UNAVAILABLE = probeMount();
if (MOUNT_UNAVAILABLE) console.warn(`fault suite: skipping the full-disk tests, tmpfs cannot be mounted here (${MOUNT_UNAVAILABLE}); CI runs them as root`);

/** A tmpfs of `size` (mount syntax, e.g. 20m) mounted on a new folder; `shrink` remounts it to what is used plus `spare` bytes. */
export function mountTmpfs(size: string, options = ''): { dir: string; shrink(spare: number): void; unmount(): void } {
  const dir = tempDir('ws-soak-tmpfs-');
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options ? `,${options}` : ''}`, 'tmpfs', dir]);
  return {
    dir,
    shrink(spare: number) {
      // A file still growing can overtake the new size between the look and the remount: try again.
      for (let attempt = 1; ; attempt++) {
        const stats = statfsSync(dir);
        const used = (stats.blocks - stats.bfree) * stats.bsize;
        try {
          execFileSync('mount', ['-o', `remount,size=${used + spare}`, dir], { stdio: 'pipe' });
          return;
        } catch (error) {
          if (attempt === 5) throw error;
        }
      }
    },
    unmount() {
      execFileSync('umount', ['-l', dir]);
    },
  };
}

/** True while `pid` runs; a zombie (dead, waiting for its new parent, init, to reap it) has ended. */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits up to `timeoutMs` for every pid to have ended (zombies count as ended); returns those still running. */
export async function waitForEnded(pids: number[], timeoutMs = 5_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(running);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    left = left.filter(running);
  }
  return left;
}
