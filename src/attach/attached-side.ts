/**
 * The server side of a run that attached to a running Node process (`server.attach`): what a
 * SoakChild is for a server ws-soak starts, with the probe working over the inspector instead of
 * in-process. It emits the same messages a child sends (`sample`, `snapshot-started`/`-done`/
 * `-failed`), so the run, the verdict and the reports treat it like any other side. It never
 * signals the target after SIGUSR1: stopping (even on Ctrl-C) only detaches.
 */
import { EventEmitter } from 'node:events';
import type { FromChild, ToChild } from '../ipc/messages.js';
import type { ChildExit } from '../model/child-exit.js';
import type { Sample } from '../model/sample.js';
import { PostGcCadence } from '../probe/post-gc-cadence.js';
import type { AttachTarget, Scenario } from '../scenario/types.js';
import { closeInspector, openInspector, type OpenedInspector } from './open-inspector.js';
import { collectGarbage, readFigures } from './remote-probe.js';
import { RemoteSites } from './remote-sites.js';
import { SnapshotWriteError, takeRemoteSnapshot } from './remote-snapshot.js';
import type { GrowthSitesReport } from '../model/growth-sites.js';

type RawSample = Omit<Sample, 'cycle'>;

export interface AttachedSideEvents {
  message: [FromChild];
  /** The target went away mid-run (its inspector connection closed without our asking). */
  exit: [ChildExit];
  warning: [string];
}

export class AttachedSide extends EventEmitter<AttachedSideEvents> {
  readonly role = 'server' as const;
  /** Inspector work runs one call at a time, in order: samples and snapshots never interleave. */
  private queue: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private sampling = false;
  private detaching = false;
  private lost = false;
  private readonly cadence: PostGcCadence;
  /** The sites phase's recorder in the target (README "Growth sites"), installed only during the phase. */
  private readonly sites: RemoteSites;

  private constructor(
    private readonly opened: OpenedInspector,
    private readonly scenario: Scenario,
    private readonly startedAt: number,
  ) {
    super();
    this.sites = new RemoteSites(opened.session);
    this.cadence = new PostGcCadence({ everyMs: scenario.sample.gcEveryMs, intervalMs: scenario.sample.intervalMs, plannedMs: scenario.durationMs });
    opened.session.on('close', () => {
      if (this.detaching) return;
      this.lost = true;
      this.stopTimer();
      this.emit('exit', { code: null, signal: null });
    });
  }

  /**
   * Attaches to the process `attach` names.
   *
   * @throws SoakError `SOAK_ATTACH_FAILED` (see open-inspector.ts)
   */
  static async open(attach: AttachTarget, scenario: Scenario, startedAt: number): Promise<AttachedSide> {
    const opened = await openInspector(attach);
    const side = new AttachedSide(opened, scenario, startedAt);
    // A target that exits while a debugger is attached waits for it to disconnect ("Waiting for the
    // debugger to disconnect..."): ask to be told, and let it go at once.
    opened.session.on('event', (method) => {
      if (method === 'NodeRuntime.waitingForDisconnect') side.onTargetExiting();
    });
    await opened.session.call('NodeRuntime.notifyWhenWaitingForDisconnect', { enabled: true }).catch(() => undefined);
    return side;
  }

  /** The target is exiting and waits for us: it is gone for the run, and detaching lets it finish. */
  private onTargetExiting(): void {
    if (this.detaching || this.lost) return;
    this.lost = true;
    this.stopTimer();
    this.emit('exit', { code: null, signal: null });
    void this.opened.session.close();
  }

  get pid(): number {
    return this.opened.pid;
  }

  /** Where the inspector was reached, and whether ws-soak opened it. */
  get inspector(): { address: string; openedByUs: boolean } {
    return { address: this.opened.address, openedByUs: this.opened.openedByUs };
  }

  /** The target went away (or the inspector was closed under us). */
  get hasExited(): boolean {
    return this.lost;
  }

  /** Starts sampling every `sample.interval`, as the in-process probe does. */
  start(): void {
    this.sampleSoon(false);
    this.timer = setInterval(() => this.sampleSoon(false), this.scenario.sample.intervalMs);
  }

  send(message: ToChild): void {
    if (message.type === 'snapshot') this.enqueue(() => this.snapshot(message.seq, message.path));
  }

  /** Begins the sites phase in the target; resolves with why it could not, or null. */
  startSites(): Promise<string | null> {
    return this.queued(async () => {
      try {
        await this.sites.start();
        return null;
      } catch (error) {
        return `the attached server (pid ${this.pid}) gave no sites: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
  }

  /** Ends it: every hook out of the target, and what it recorded (or why there is nothing). */
  stopSites(): Promise<GrowthSitesReport | string> {
    return this.queued(async () => {
      if (!this.sites.installed) return `the attached server (pid ${this.pid}) gave no sites: the recorder was not installed`;
      try {
        return await this.sites.stop();
      } catch (error) {
        return `the attached server (pid ${this.pid}) gave no sites: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
  }

  /** A last post-GC sample, then detach: everything of ours released, and the inspector closed if we opened it. */
  async stop(): Promise<void> {
    this.stopTimer();
    if (!this.lost && this.scenario.underTest !== 'client') this.sampleSoon(true);
    await this.queue;
    await this.detach();
  }

  /** Detaches at once (a second Ctrl-C, a stalled snapshot); the target itself is never signalled. */
  kill(): void {
    this.stopTimer();
    void this.detach();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async detach(): Promise<void> {
    if (this.detaching || this.lost) return;
    this.detaching = true;
    // A phase cut short (Ctrl-C, a stalled snapshot): the hooks come out before the session goes.
    await this.sites.remove();
    const { session, openedByUs, address } = this.opened;
    if (!openedByUs) {
      await session.close();
      return;
    }
    const closed = await closeInspector(session);
    if (!closed) {
      this.emit('warning', `the inspector ws-soak opened on pid ${this.pid} (${address}) is still open: its Node.js has no process.getBuiltinModule (Node >= 20.16 or 22.3 has); restart the process to close it`);
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work, work);
  }

  /** `work` in the queue, its result handed back. */
  private queued<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => this.enqueue(() => work().then(resolve, reject)));
  }

  /** One sample, unless one is already waiting (a snapshot in progress holds the queue). */
  private sampleSoon(finalSample: boolean): void {
    if (this.sampling && !finalSample) return;
    this.sampling = true;
    this.enqueue(async () => {
      try {
        if (this.lost || this.detaching) return;
        const sample = await this.takeSample(finalSample);
        this.emit('message', { type: 'sample', sample });
      } catch (error) {
        // The connection closing is reported through 'exit'; anything else is worth a word.
        if (!this.lost && !this.detaching) this.emit('warning', `a sample of the attached server failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.sampling = false;
      }
    });
  }

  private async takeSample(finalSample: boolean): Promise<RawSample> {
    const t = Date.now() - this.startedAt;
    const session = this.opened.session;
    const before = await readFigures(session);
    const sample: RawSample = { role: 'server', t, mem: before.mem, postGc: null, resources: before.resources, listeners: before.listeners };
    if (!this.scenario.sample.gc || !(finalSample || this.cadence.due(t))) return sample;
    await collectGarbage(session);
    const after = await readFigures(session, true);
    // The target's own CPU time for the two GCs (and one evaluation): what the cadence budgets.
    this.cadence.taken(t, (after.cpuMicros - before.cpuMicros) / 1000);
    sample.postGc = { ...after.mem, ...(after.code === null ? {} : { code: after.code }) };
    return sample;
  }

  private async snapshot(seq: number, path: string): Promise<void> {
    if (this.lost || this.detaching) {
      this.emit('message', { type: 'snapshot-failed', seq, message: 'the attached server went away before it could be taken' });
      return;
    }
    try {
      const { mem } = await readFigures(this.opened.session);
      this.emit('message', { type: 'snapshot-started', seq, heapUsed: mem.heapUsed });
      const { bytes, ms } = await takeRemoteSnapshot(this.opened.session, path);
      this.emit('message', { type: 'snapshot-done', seq, bytes, ms });
    } catch (error) {
      const code = error instanceof SnapshotWriteError ? error.code : (error as NodeJS.ErrnoException | null)?.code;
      this.emit('message', { type: 'snapshot-failed', seq, message: error instanceof Error ? error.message : String(error), ...(code ? { code } : {}) });
    }
  }
}
