/**
 * A side that is the user's own program (`server.command` / `client.command`), seen from the run
 * like a SoakChild: started without a shell in its own process group, with the probe preloaded
 * through NODE_OPTIONS into every Node process of its tree (src/probe/preload.ts), ready once a
 * server's port accepts TCP connections, and stopped with SIGTERM to the group, SIGKILL after a
 * grace period. Its processes under test report over the ProbeListener; a program with no Node
 * process gets the OS's evidence instead (os-sampler.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { COMMAND_STOP_GRACE_MS, CLIENT_URL_ENV, PORT_POLL_MS, PROBE_ADDRESS_ENV, PROBE_CONFIG_ENV } from '../constants.js';
import { SoakError } from '../errors.js';
import { ChildOutput } from '../ipc/child-output.js';
import type { FromChild, ToChild } from '../ipc/messages.js';
import type { ProbeConfig } from '../ipc/probe-messages.js';
import { endGroup, signalGroup } from '../ipc/process-group.js';
import { describeExit, stderrEnding, type ChildExit } from '../model/child-exit.js';
import { PORT_PLACEHOLDER } from '../scenario/command-fields.js';
import type { CommandTarget, Role, Scenario } from '../scenario/types.js';
import { OsSampler, procAvailable } from './os-sampler.js';
import { accepts, freePort, upgradeRefusal } from './port-check.js';
import type { ProbeConnection, ProbeListener } from './probe-listener.js';
import type { SnapshotUnit } from './snapshot-unit.js';

const PRELOAD_URL = new URL('../probe/preload.js', import.meta.url).href;
/** After the port opens: how long a Node program's probe gets to say hello before the OS's evidence is used instead. */
const HELLO_GRACE_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `[npm, start]` as a person reads it in a message. */
export function showCommand(args: readonly string[]): string {
  return `[${args.map((a) => (/^[\w./:@{}=-]+$/.test(a) ? a : JSON.stringify(a))).join(', ')}]`;
}

export class CommandSide extends EventEmitter<{ message: [FromChild]; exit: [ChildExit]; /** A process of the tree went away (its probe's connection closed). */ gone: [number] }> {
  readonly role: Role;
  private readonly target: CommandTarget;
  private process: ChildProcess | null = null;
  private readonly output: ChildOutput;
  private exitInfo: ChildExit | null = null;
  private spawnError: NodeJS.ErrnoException | null = null;
  readonly exited: Promise<ChildExit>;
  private resolveExit: (exit: ChildExit) => void = () => undefined;
  private readonly token = randomBytes(16).toString('hex');
  /** Every Node process of the tree whose probe reported, in order. */
  readonly probes: ProbeConnection[] = [];
  /** Snapshots being written, by seq: the process asked, so its reply (or its going away) is known. */
  private readonly snapshotting = new Map<number, ProbeConnection>();
  private osSampler: OsSampler | null = null;
  forcedStop: NodeJS.Signals | null = null;
  port = 0;
  /** What the verdict of this side rests on, once known. */
  evidence: 'node' | 'os' | 'none' = 'none';

  constructor(
    role: Role,
    private readonly scenario: Scenario,
    private readonly listener: ProbeListener,
    private readonly options: { logPath: string; underTest: boolean; startedAt: number; url?: string; onLogError?: (error: NodeJS.ErrnoException) => void },
  ) {
    super();
    this.role = role;
    const target = scenario[role].command;
    if (!target) throw new SoakError('SOAK_INTERNAL', `${role}.command is not set`);
    this.target = target;
    this.output = new ChildOutput(options.logPath, options.onLogError);
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    listener.expect(this.token, (probe) => this.adopt(probe));
  }

  get key(): string {
    return `${this.role}.command`;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  get hasExited(): boolean {
    return this.exitInfo !== null;
  }

  get sawOutOfMemory(): boolean {
    return this.output.sawOutOfMemory;
  }

  /** Heap snapshots need a Node process that took part. */
  get canSnapshot(): boolean {
    return this.probes.some((p) => p.active);
  }

  stderrTail(): string[] {
    return this.output.stderrTail();
  }

  /** Starts the program: picks the port (a server), then spawns it without a shell. */
  async start(): Promise<void> {
    if (this.role === 'server') this.port = await freePort();
    const args = this.target.args.map((a) => a.split(PORT_PLACEHOLDER).join(String(this.port)));
    const probe: ProbeConfig = {
      role: this.role,
      token: this.token,
      intervalMs: this.scenario.sample.intervalMs,
      gc: this.scenario.sample.gc,
      gcEveryMs: this.scenario.sample.gcEveryMs,
      plannedMs: this.scenario.durationMs,
      startedAt: this.options.startedAt,
      engine: this.scenario.snapshots.engine,
    };
    const nodeOptions = [process.env['NODE_OPTIONS'], this.target.env['NODE_OPTIONS']].filter((o) => o).join(' ');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...this.target.env,
      ...(this.role === 'server' ? { PORT: String(this.port) } : { [CLIENT_URL_ENV]: this.options.url ?? '' }),
      ...(this.options.underTest
        ? { NODE_OPTIONS: `${nodeOptions} --import ${PRELOAD_URL}`.trim(), [PROBE_ADDRESS_ENV]: this.listener.address, [PROBE_CONFIG_ENV]: JSON.stringify(probe) }
        : {}),
    };
    const [program = '', ...rest] = args;
    const child = spawn(program, rest, { cwd: this.target.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.process = child;
    child.stdout?.on('data', (chunk: Buffer) => this.output.write(chunk, false));
    child.stderr?.on('data', (chunk: Buffer) => this.output.write(chunk, true));
    child.on('error', (error: NodeJS.ErrnoException) => {
      this.spawnError ??= error;
      if (child.pid === undefined) this.onExit({ code: null, signal: null });
    });
    child.on('exit', (code, signal) => this.onExit({ code, signal }));
    await new Promise<void>((resolve) => {
      child.once('spawn', () => resolve());
      child.once('error', () => resolve());
    });
    if (this.spawnError) throw this.startError(this.describeSpawnError(this.spawnError));
  }

  /** Ready: a server once its port accepts TCP connections; a client once started. */
  async waitReady(timeoutMs: number): Promise<{ url?: string }> {
    if (this.role === 'client') return {};
    const deadline = Date.now() + timeoutMs;
    while (!(await accepts(this.port))) {
      if (this.exitInfo) throw this.startError(`exited during start-up (${describeExit(this.exitInfo)}) before it accepted connections on 127.0.0.1:${this.port}`);
      if (Date.now() >= deadline) {
        this.kill();
        throw this.startError(
          `did not accept TCP connections on 127.0.0.1:${this.port} within ${timeoutMs / 1000} s. ` +
            `It must listen on the port ws-soak passes as ${PORT_PLACEHOLDER} in its arguments or as PORT in its environment; if it needs longer, raise server.startTimeout`,
        );
      }
      await sleep(PORT_POLL_MS);
    }
    const url = `ws://127.0.0.1:${this.port}${this.scenario.server.path}`;
    const refused = await upgradeRefusal(url, Math.max(PORT_POLL_MS, deadline - Date.now()));
    if (refused) throw this.startError(`accepts TCP connections on 127.0.0.1:${this.port}, but ${url} ${refused}`);
    return { url };
  }

  /**
   * The run has begun: a side under test with no Node process that takes part is watched through
   * /proc. A client's Node processes may take part later (it connects after this); a server's
   * has already, when it is Node: ws-soak's own port checks were connections it accepted. A Node
   * launcher of a non-Node server (`node start.js` spawning a Go binary) is not that process.
   */
  async beginSampling(): Promise<void> {
    if (!this.options.underTest) return;
    const deadline = Date.now() + HELLO_GRACE_MS;
    while (!this.hasNodeEvidence() && Date.now() < deadline && !this.exitInfo) await sleep(50);
    const pid = this.pid;
    if (this.hasNodeEvidence() || pid === undefined) {
      this.evidence = this.hasNodeEvidence() ? 'node' : 'none';
      return;
    }
    if (!procAvailable(pid)) return;
    this.evidence = 'os';
    this.osSampler = new OsSampler({
      role: this.role,
      pgid: pid,
      intervalMs: this.scenario.sample.intervalMs,
      startedAt: this.options.startedAt,
      emit: (sample) => this.emit('message', { type: 'sample', sample }),
    });
    this.osSampler.start();
  }

  /**
   * Each Node process of the tree that took part in a connection and still runs, snapshotted on its
   * own (a cluster's workers each get their own heap snapshots and object evidence).
   */
  snapshotUnits(): SnapshotUnit[] {
    return this.probes
      .filter((p) => p.active && !p.gone)
      .map((probe) => ({
        role: this.role,
        pid: probe.pid,
        label: probe.label,
        send: (message: ToChild) => {
          if (message.type === 'snapshot') this.snapshotting.set(message.seq, probe);
          probe.send(message);
        },
      }));
  }

  /** A Node process will be sampled: any probe for a client; for a server, one that took part. */
  private hasNodeEvidence(): boolean {
    return this.role === 'client' ? this.probes.length > 0 : this.probes.some((p) => p.active);
  }

  send(message: ToChild): void {
    if (message.type === 'snapshot') {
      // Asked of the side as a whole (not through snapshotUnits): the first process that took part.
      const probe = this.probes.find((p) => p.active && !p.gone);
      if (probe) this.snapshotUnits().find((u) => u.pid === probe.pid)?.send(message);
      else this.emit('message', { type: 'snapshot-failed', seq: message.seq, message: `no Node process of ${this.key} has taken part in a connection` });
    } else if (message.type === 'stop') {
      for (const probe of this.probes) probe.send(message);
    }
  }

  /** A last (post-GC) sample from every probe, then SIGTERM to the group, SIGKILL after the grace. */
  async stop(): Promise<ChildExit> {
    this.osSampler?.stop();
    if (this.exitInfo) return this.exitInfo;
    if (this.probes.some((p) => p.active)) {
      this.send({ type: 'stop' });
      await sleep(Math.min(2_000, 2 * PORT_POLL_MS + this.scenario.sample.intervalMs));
    }
    this.signal('SIGTERM');
    const kill = setTimeout(() => {
      this.forcedStop = 'SIGKILL';
      this.kill();
    }, COMMAND_STOP_GRACE_MS);
    const exit = await this.exited;
    clearTimeout(kill);
    return exit;
  }

  kill(): void {
    this.signal('SIGKILL');
  }

  /** After the program exited: whatever its group still holds. */
  async endGroup(): Promise<Array<{ pid: number; name: string }>> {
    const pgid = this.pid;
    return pgid === undefined ? [] : endGroup(pgid, COMMAND_STOP_GRACE_MS);
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.pid;
    if (pid !== undefined && signalGroup(pid, signal)) return;
    if (!this.exitInfo) this.process?.kill(signal);
  }

  private adopt(probe: ProbeConnection): void {
    this.probes.push(probe);
    probe.on('message', (message) => {
      if (message.type === 'sample') this.emit('message', message);
      else if (message.type === 'snapshot-started') {
        if (this.snapshotting.get(message.seq) === probe) this.emit('message', message);
      } else if (message.type === 'snapshot-done' || message.type === 'snapshot-failed') {
        // Only replies to what this process was asked belong to the snapshot book.
        if (this.snapshotting.get(message.seq) !== probe) return;
        this.snapshotting.delete(message.seq);
        this.emit('message', message.type === 'snapshot-done' ? { ...message, pid: probe.pid } : message);
      }
    });
    probe.once('gone', () => {
      this.emit('gone', probe.pid);
      // A worker that exits mid-snapshot never answers: its snapshot fails now, and its side's next process is asked.
      for (const [seq, asked] of this.snapshotting) {
        if (asked !== probe) continue;
        this.snapshotting.delete(seq);
        this.emit('message', { type: 'snapshot-failed', seq, message: `${probe.label} went away while writing it` });
      }
    });
  }

  private onExit(exit: ChildExit): void {
    if (this.exitInfo) return;
    this.exitInfo = exit;
    this.osSampler?.stop();
    this.output.end();
    this.emit('exit', exit);
    this.resolveExit(exit);
  }

  private describeSpawnError(error: NodeJS.ErrnoException): string {
    const program = this.target.args[0] ?? '';
    if (error.code === 'ENOENT') {
      return `could not run ${JSON.stringify(program)}: no such program in PATH, or no such folder ${this.target.cwd} (cwd). Give the program's name or a path relative to cwd; it is run without a shell, so no pipes, && or variables`;
    }
    if (error.code === 'EACCES') return `could not run ${JSON.stringify(program)}: it is not executable (EACCES)`;
    return `could not run ${JSON.stringify(program)}: ${error.message}`;
  }

  private startError(what: string): SoakError {
    return new SoakError('SOAK_START_FAILED', `${this.key} ${showCommand(this.target.args)} ${what}${stderrEnding(this.stderrTail())}`);
  }
}
