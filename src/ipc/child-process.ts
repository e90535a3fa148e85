/**
 * One child process (the server side, the client side, or a load process), seen from the process
 * that forked it: start it, wait until it is ready, hear its messages, stop it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CHILD_CONFIG_ENV,
  CHILD_STOP_TIMEOUT_MS,
  PRIVATE_FILE_MODE,
  STDERR_TAIL_LINES,
} from '../constants.js';
import { SoakError } from '../errors.js';
import { describeExit, isOutOfMemoryLine, stderrEnding, type ChildExit } from '../model/child-exit.js';
import type { Role } from '../scenario/types.js';
import type { ChildConfig, ChildRole, FromChild, ToChild } from './messages.js';

const CHILD_MAIN = fileURLToPath(new URL('../child/child-main.js', import.meta.url));

/** A frame of a native stack trace (`  3: 0xee85e7 v8::internal::…`): noise in an error message. */
const NATIVE_FRAME = /^\s*\d+: 0x[0-9a-f]+/;

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
  private readonly stderrLines: string[] = [];
  private partialLine = '';
  private exitInfo: ChildExit | null = null;
  /** The child printed V8's out-of-memory report. */
  sawOutOfMemory = false;
  readonly exited: Promise<ChildExit>;
  private readonly stopTimeoutMs: number;

  constructor(config: ChildConfig & { role: R }, options: ChildOptions) {
    super();
    this.role = config.role;
    this.stopTimeoutMs = options.stopTimeoutMs ?? CHILD_STOP_TIMEOUT_MS;
    const log: WriteStream | null = options.logPath ? createWriteStream(options.logPath, { flags: 'a', mode: PRIVATE_FILE_MODE }) : null;
    this.process = fork(CHILD_MAIN, [], {
      execArgv: options.execArgv ?? execArgvFor(config),
      env: { ...process.env, [CHILD_CONFIG_ENV]: JSON.stringify(config) },
      stdio: log ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    if (log) {
      this.process.stdout?.pipe(log, { end: false });
      this.process.stderr?.on('data', (chunk: Buffer) => {
        log.write(chunk);
        this.keepStderr(chunk.toString('utf8'));
      });
    }
    this.process.on('message', (message: FromChild) => this.emit('message', message));
    // Spawn and IPC failures surface as 'exit' (or a failed start) too; never as an uncaught error.
    this.process.on('error', (error) => this.keepStderr(`ws-soak: child process error: ${error.message}\n`));
    this.exited = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        log?.end();
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

  /** The last lines the child wrote to stderr, for error reports. */
  stderrTail(): string[] {
    const lines = [...this.stderrLines];
    if (this.partialLine) lines.push(this.partialLine);
    return lines.slice(-STDERR_TAIL_LINES);
  }

  private keepStderr(text: string): void {
    const parts = (this.partialLine + text).split('\n');
    this.partialLine = parts.pop() ?? '';
    // V8's OOM report is followed by a long native stack: look for it in every line, not just the tail.
    if (!this.sawOutOfMemory) this.sawOutOfMemory = parts.some(isOutOfMemoryLine);
    this.stderrLines.push(...parts.filter((line) => !NATIVE_FRAME.test(line)));
    if (this.stderrLines.length > STDERR_TAIL_LINES * 2) this.stderrLines.splice(0, this.stderrLines.length - STDERR_TAIL_LINES);
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

  /** Asks the child to stop, and kills it if it has not exited in time. */
  async stop(): Promise<ChildExit> {
    if (this.exitInfo) return this.exitInfo;
    // Without the IPC channel the child cannot hear `stop`: no point waiting for the timeout.
    if (this.process.connected) this.send({ type: 'stop' });
    else this.kill();
    const timer = setTimeout(() => this.kill(), this.stopTimeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  kill(): void {
    if (!this.exitInfo) this.process.kill('SIGKILL');
  }
}
