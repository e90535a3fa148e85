/**
 * One child process of a run (the server side or the client side), seen from the
 * orchestrator: start it, wait until it is ready, hear its messages, stop it.
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
import type { Role } from '../scenario/types.js';
import type { ChildConfig, FromChild, ToChild } from './messages.js';
import { isOutOfMemoryLine } from './crash.js';

const CHILD_MAIN = fileURLToPath(new URL('../child/child-main.js', import.meta.url));

/** A frame of a native stack trace (`  3: 0xee85e7 v8::internal::…`): noise in an error message. */
const NATIVE_FRAME = /^\s*\d+: 0x[0-9a-f]+/;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
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

export class SoakChild extends EventEmitter<{ message: [FromChild]; exit: [ChildExit] }> {
  readonly role: Role;
  private readonly process: ChildProcess;
  private readonly stderrLines: string[] = [];
  private partialLine = '';
  private exitInfo: ChildExit | null = null;
  /** The child printed V8's out-of-memory report. */
  sawOutOfMemory = false;
  readonly exited: Promise<ChildExit>;

  constructor(config: ChildConfig, logPath: string) {
    super();
    this.role = config.role;
    const log: WriteStream = createWriteStream(logPath, { flags: 'a', mode: PRIVATE_FILE_MODE });
    this.process = fork(CHILD_MAIN, [], {
      execArgv: execArgvFor(config),
      env: { ...process.env, [CHILD_CONFIG_ENV]: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.process.stdout?.pipe(log, { end: false });
    this.process.stderr?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      this.keepStderr(chunk.toString('utf8'));
    });
    this.process.on('message', (message: FromChild) => this.emit('message', message));
    // Spawn and IPC failures surface as 'exit' (or a failed start) too; never as an uncaught error.
    this.process.on('error', (error) => this.keepStderr(`ws-soak: child process error: ${error.message}\n`));
    this.exited = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        log.end();
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

  /** Resolves with the `ready` message, or rejects with a SoakError saying why the child never got there. */
  waitReady(timeoutMs: number): Promise<{ url?: string }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        this.kill();
        reject(
          new SoakError(
            'SOAK_START_FAILED',
            `the ${this.role} process was not ready after ${timeoutMs / 1000} s` +
              (this.role === 'server'
                ? '. A server module must resolve its start() with { url } once it listens; if it needs longer, raise server.startTimeout'
                : '. A client module must return from start() (or resolve its promise) once it has begun connecting') +
              this.stderrSuffix(),
          ),
        );
      }, timeoutMs);
      const onMessage = (message: FromChild) => {
        if (message.type === 'ready') {
          cleanup();
          resolve({ url: message.url });
        } else if (message.type === 'fatal') {
          cleanup();
          reject(new SoakError(message.code, message.message));
        }
      };
      const onExit = (exit: ChildExit) => {
        cleanup();
        reject(
          new SoakError(
            'SOAK_START_FAILED',
            `the ${this.role} process exited during start-up (${describeExit(exit)})${this.stderrSuffix()}`,
          ),
        );
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.off('message', onMessage);
        this.off('exit', onExit);
      };
      this.on('message', onMessage);
      this.on('exit', onExit);
    });
  }

  private stderrSuffix(): string {
    const tail = this.stderrTail().filter((line) => line.trim() !== '');
    return tail.length ? `; its stderr ends with:\n  ${tail.slice(-5).join('\n  ')}` : '';
  }

  /** Asks the child to stop, and kills it if it has not exited in time. */
  async stop(): Promise<ChildExit> {
    if (this.exitInfo) return this.exitInfo;
    this.send({ type: 'stop' });
    const timer = setTimeout(() => this.kill(), CHILD_STOP_TIMEOUT_MS);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  kill(): void {
    if (!this.exitInfo) this.process.kill('SIGKILL');
  }
}

export function describeExit(exit: ChildExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exit code ${exit.code}`;
}
