/**
 * The orchestrator's side of the reaper (see reaper-main.ts): tells it which process groups the run
 * owns, so they are ended even if the orchestrator is killed with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REAPER_MAIN = fileURLToPath(new URL('./reaper-main.js', import.meta.url));

export class Reaper {
  private readonly process: ChildProcess | null;

  constructor() {
    let child: ChildProcess | null = null;
    try {
      child = spawn(process.execPath, [REAPER_MAIN], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      child.on('error', () => undefined);
      child.stdin?.on('error', () => undefined);
      // Neither the reaper nor the pipe to it may keep the orchestrator alive.
      child.unref();
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    } catch {
      // Without a reaper the children still leave when their IPC channel closes.
      child = null;
    }
    this.process = child;
  }

  /** The reaper's pid, for tests. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Group `pgid` (a child started detached: its pid) belongs to the run. */
  watch(pgid: number): void {
    this.process?.stdin?.write(`+${pgid}\n`);
  }

  /** Group `pgid` is gone: nothing to do for it any more. */
  forget(pgid: number): void {
    this.process?.stdin?.write(`-${pgid}\n`);
  }

  /** The run is over: the reaper ends whatever is still listed and exits. */
  close(): void {
    this.process?.stdin?.end();
  }
}
