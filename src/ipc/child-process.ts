/**
 * One child process (the server side, the client side, or a load process), seen from the process
 * that forked it: start it, wait until it is ready, hear its messages, stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { CHILD_CONFIG_ENV, CHILD_STOP_TIMEOUT_MS, LEFTOVER_KILL_GRACE_MS } from '../constants.js';
import { SoakError } from '../errors.js';
import { describeExit, stderrEnding, type ChildExit } from '../model/child-exit.js';
import type { Role } from '../scenario/types.js';
import { ChildOutput } from './child-output.js';
import type { ChildConfig, ChildRole, FromChild, ToChild } from './messages.js';
import { endGroup, signalGroup } from './process-group.js';

const CHILD_MAIN = fileURLToPath(new URL('../child/child-main.js', import.meta.url));

/** How a child's start-up ended: ready, a `fatal` report, or an exit before either. */
export type ReadyOutcome =
  | { type: 'ready'; url?: string }
  | { type: 'fatal'; code: Extract<FromChild, { type: 'fatal' }>['code']; message: string }
  | { type: 'exit'; exit: ChildExit };

/** How to start a child. */
export interface ChildOptions {
  /** Append the child's stdout and stderr to this file (its stderr tail is kept too); absent: share this process's stdout and stderr. */
  logPath?: string;
  /** Node flags; by default what the configuration needs (`--expose-gc`, type stripping). */
  execArgv?: string[];
  /** Time the child gets to stop after `stop`, before it is killed. */
  stopTimeoutMs?: number;
  /** The log file could not be written (a full disk). */
  onLogError?: (error: NodeJS.ErrnoException) => void;
  /** Start it as the leader of its own process group (the default); false: in this process's group, ending with it. */
  ownGroup?: boolean;
}

/** Node gained type stripping (`--experimental-strip-types`) in 22.6. */
function supportsTypeStripping(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 6);
}

/** Node flags a child needs: `gc()` for post-GC samples, and type stripping for `.ts` user modules. */
function execArgvFor(config: ChildConfig): string[] {
  const args = ['--expose-gc'];
  const key = config.role === 'server' ? 'server.module' : 'client.module';
  const module = config.role === 'server' ? config.scenario.server.module : config.scenario.client.module;
  if (module && /\.[mc]?ts$/.test(module)) {
    if (!supportsTypeStripping(process.version)) {
      throw new SoakError(
        'SOAK_MODULE_LOAD',
        `${key} ${module}: TypeScript modules need Node.js 22.6 or later (this is ${process.version}). ` +
          'Compile the module to .js (e.g. with tsc) and point the scenario at the output, or upgrade Node.js.',
      );
    }
    args.push('--experimental-strip-types', '--no-warnings=ExperimentalWarning');
  }
  return args;
}

/** A child-main.js process, started with its configuration in CHILD_CONFIG_ENV and spoken to over IPC. */
export class SoakChild<R extends ChildRole = Role> extends EventEmitter<{ message: [FromChild]; exit: [ChildExit] }> {
  readonly role: R;
  private readonly process: ChildProcess;
  private readonly output: ChildOutput;
  private exitInfo: ChildExit | null = null;
  readonly exited: Promise<ChildExit>;
  private readonly stopTimeoutMs: number;
  /** `stop` was not heeded in time and the child was signalled: SIGTERM, then SIGKILL. */
  forcedStop: NodeJS.Signals | null = null;

  constructor(config: ChildConfig & { role: R }, options: ChildOptions) {
    super();
    this.role = config.role;
    this.stopTimeoutMs = options.stopTimeoutMs ?? CHILD_STOP_TIMEOUT_MS;
    this.output = new ChildOutput(options.logPath, options.onLogError);
    const log = options.logPath !== undefined;
    this.process = fork(CHILD_MAIN, [], {
      execArgv: options.execArgv ?? execArgvFor(config),
      env: { ...process.env, [CHILD_CONFIG_ENV]: JSON.stringify(config) },
      stdio: log ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
      // Its own session and process group: Ctrl-C, SIGTERM or a hang-up sent to the terminal's group
      // reach only the orchestrator, which stops the children in order; and the group holds whatever
      // the module under test spawns, so it can all be ended together.
      detached: options.ownGroup ?? true,
    });
    this.process.stdout?.on('data', (chunk: Buffer) => this.output.write(chunk, false));
    this.process.stderr?.on('data', (chunk: Buffer) => this.output.write(chunk, true));
    this.process.on('message', (message: FromChild) => this.emit('message', message));
    // Spawn and IPC failures surface as 'exit' (or a failed start) too; never as an uncaught error.
    this.process.on('error', (error) => this.output.note(`ws-soak: child process error: ${error.message}\n`));
    this.exited = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        this.output.end();
        this.emit('exit', this.exitInfo);
        resolve(this.exitInfo);
      });
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get hasExited(): boolean {
    return this.exitInfo !== null;
  }

  /** The child printed V8's out-of-memory report. */
  get sawOutOfMemory(): boolean {
    return this.output.sawOutOfMemory;
  }

  /** The last lines the child wrote to stderr, for error reports (capped in lines and bytes). */
  stderrTail(): string[] {
    return this.output.stderrTail();
  }

  send(message: ToChild): void {
    // A child can exit between the check and the send; the callback keeps that failure from
    // becoming an unhandled 'error' event (the exit is reported through 'exit' anyway).
    if (this.process.connected) this.process.send(message, (error) => void error);
  }

  /** Settles with the first of `ready`, `fatal` or an exit; no timeout of its own. */
  readyOutcome(): Promise<ReadyOutcome> {
    return new Promise((resolve) => {
      const onMessage = (message: FromChild) => {
        if (message.type === 'ready') settle({ type: 'ready', url: message.url });
        else if (message.type === 'fatal') settle({ type: 'fatal', code: message.code, message: message.message });
      };
      const onExit = (exit: ChildExit) => settle({ type: 'exit', exit });
      const settle = (outcome: ReadyOutcome) => {
        this.off('message', onMessage);
        this.off('exit', onExit);
        resolve(outcome);
      };
      this.on('message', onMessage);
      this.on('exit', onExit);
    });
  }

  /** Resolves with the `ready` message, or rejects with a SoakError saying why the child never got there. */
  async waitReady(timeoutMs: number): Promise<{ url?: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([this.readyOutcome(), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.kill();
      throw new SoakError(
        'SOAK_START_FAILED',
        `the ${this.role} process was not ready after ${timeoutMs / 1000} s` +
          (this.role === 'server'
            ? '. A server module must resolve its start() with { url } once it listens; if it needs longer, raise server.startTimeout'
            : '. A client module must return from start() (or resolve its promise) once it has begun connecting') +
          stderrEnding(this.stderrTail()),
      );
    }
    if (outcome.type === 'fatal') throw new SoakError(outcome.code, outcome.message);
    if (outcome.type === 'exit') {
      throw new SoakError('SOAK_START_FAILED', `the ${this.role} process exited during start-up (${describeExit(outcome.exit)})${stderrEnding(this.stderrTail())}`);
    }
    return { url: outcome.url };
  }

  /**
   * Asks the child to stop; if it has not exited after the stop timeout, SIGTERM to its group, and
   * SIGKILL after LEFTOVER_KILL_GRACE_MS more (a busy loop with a SIGTERM handler never runs it).
   */
  async stop(): Promise<ChildExit> {
    if (this.exitInfo) return this.exitInfo;
    // Without the IPC channel the child cannot hear `stop`: no point waiting for the timeout.
    if (this.process.connected) this.send({ type: 'stop' });
    else this.kill();
    const term = setTimeout(() => {
      this.forcedStop = 'SIGTERM';
      this.signal('SIGTERM');
    }, this.stopTimeoutMs);
    const kill = setTimeout(() => {
      this.forcedStop = 'SIGKILL';
      this.kill();
    }, this.stopTimeoutMs + LEFTOVER_KILL_GRACE_MS);
    const exit = await this.exited;
    clearTimeout(term);
    clearTimeout(kill);
    return exit;
  }

  /** SIGKILL to the child and its whole process group. */
  kill(): void {
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.process.pid;
    if (pid !== undefined && signalGroup(pid, signal)) return;
    if (!this.exitInfo) this.process.kill(signal);
  }

  /**
   * After the child exited: the processes its group still holds (what the module under test spawned
   * and left), ended with SIGTERM, then SIGKILL after LEFTOVER_KILL_GRACE_MS. Returns what was found.
   */
  async endGroup(): Promise<Array<{ pid: number; name: string }>> {
    const pgid = this.process.pid;
    return pgid === undefined ? [] : endGroup(pgid, LEFTOVER_KILL_GRACE_MS);
  }
}
