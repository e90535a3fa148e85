/**
 * A soak run: starts the server side and the client side as child processes, lets the
 * client reconnect until `duration` or `cycles`, collects samples and snapshots, then
 * stops both. It never prints: it emits events, and the CLI's views listen.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { LOAD_PROCESS_START_MS, OBJECT_COUNT_MAX_PAUSE_MS, SNAPSHOT_INTERRUPT_WAIT_MS } from '../constants.js';
import type { AttachedSide } from '../attach/attached-side.js';
import { SoakError } from '../errors.js';
import { SoakChild } from '../ipc/child-process.js';
import { attachServer, startSide, type SideStartContext } from './side-start.js';
import { Reaper } from '../ipc/reaper.js';
import type { ChildConfig, FromChild } from '../ipc/messages.js';
import { describeExit, type ChildExit } from '../model/child-exit.js';
import type { ProxyCounts } from '../model/proxy-counts.js';
import { emptyCycleCounts, type CycleCounts } from '../model/cycle-counts.js';
import type { RunError, RunRecord } from '../model/run-record.js';
import type { Sample, SnapshotRecord } from '../model/sample.js';
import { RUN_FILES } from '../run-folder/layout.js';
import { diskFullError, reserveSpace } from '../run-folder/disk-full.js';
import { createRunFolder, SamplesFile, writePrivateFile } from '../run-folder/write-run-folder.js';
import type { ProvisionalVerdict } from '../model/provisional.js';
import { isUserSide } from '../scenario/command-fields.js';
import type { AttachTarget, Role, Scenario } from '../scenario/types.js';
import { ClientWatch } from './client-watch.js';
import { describeCrash } from './crash.js';
import { applyProxyCounts, needsFaultProxy, ProxyStage } from './proxy-stage.js';
import { SampleWatchdog } from './sample-watchdog.js';
import { drainSnapshots, forcedStopMessage, snapshotHangError, stopChild } from './run-end.js';
import { SnapshotBook } from './snapshot-book.js';
import { SnapshotSchedule } from './snapshot-schedule.js';
import { runSitesPhase } from './sites-phase.js';
import { CommandSide } from './command-side.js';
import type { ProbeListener } from './probe-listener.js';
import { canSnapshot, type SideProcess, type SnapshotTarget } from './side-process.js';

/** How often the orchestrator records its own memory. */
const SELF_SAMPLE_INTERVAL_MS = 5_000;
/** How often the run checks its clock, snapshot schedule and limits. */
const TICK_MS = 100;
/** Longest wait for snapshots still being written when a run ends normally (a 1 GB heap takes minutes; stalls end it sooner). */
const SNAPSHOT_DRAIN_TIMEOUT_MS = 10 * 60_000;

export interface RunOptions {
  scenario: Scenario;
  /** Write the run into exactly this folder (must be empty or absent). */
  out?: string;
  /** Parent of the timestamped run folders when `out` is not given. */
  reportsDir: string;
  /**
   * Asked once when the run ends normally: true when a sites phase is wanted (a leak was found;
   * the CLI wires the provisional judge here, as for --until-verdict). Absent: no sites phase.
   */
  wantsSites?: (progress: ReturnType<SoakRun['progress']>) => boolean | Promise<boolean>;
}

export interface RunEvents {
  /** `url`: where the client connects; `serverUrl`: the server's own, when the fault proxy stands between them. */
  start: [{ dir: string; url: string; serverUrl?: string }];
  cycles: [CycleCounts];
  sample: [Sample];
  snapshot: [SnapshotRecord];
  warning: [string];
  /** A verdict on what was measured so far; sent by analysis/provisional-judge.ts when attached. */
  provisional: [ProvisionalVerdict];
  done: [RunRecord];
}


export class SoakRun extends EventEmitter<RunEvents> {
  readonly scenario: Scenario;
  readonly dir: string;
  private readonly samplesFile: SamplesFile;
  private readonly children: SideProcess[] = [];
  /** Where the probes of command sides report; open only when a side is a command. */
  private readonly probes: { listener: ProbeListener | null } = { listener: null };
  /** With `server.attach`: the running process soaked over its inspector, in place of a server child. */
  private attached: AttachedSide | null = null;
  private readonly record: RunRecord;
  private readonly countingRole: Role | 'proxy';
  /** Between two user modules: the fault proxy's process. */
  private proxy: ProxyStage | null = null;
  /** A user client module is watched for never connecting or giving up (fail fast). */
  private clientWatch: ClientWatch | null = null;
  private endRun: (() => void) | null = null;
  private readonly watchdog: SampleWatchdog;
  private readonly snapshots: SnapshotBook;
  /** Roles counting live objects (paused, not hung) since when, epoch ms: until their next sample. */
  private readonly countingSince = new Map<Role, number>();
  private readonly schedule: SnapshotSchedule;
  private running = false;
  private reaper: Reaper | null = null;
  /** The summary's room could be set aside: without it the disk is already too full to start. */
  private readonly reserved: boolean;

  constructor(private readonly options: RunOptions) {
    super();
    this.scenario = options.scenario;
    const now = new Date();
    this.dir = createRunFolder({ out: options.out, reportsDir: options.reportsDir, name: this.scenario.name, now });
    writePrivateFile(join(this.dir, RUN_FILES.scenario), JSON.stringify(this.scenario, null, 2) + '\n');
    this.samplesFile = new SamplesFile(join(this.dir, RUN_FILES.samples));
    // Room for summary.json however full the disk gets; released just before it is written.
    this.reserved = reserveSpace(this.dir);
    // The built-in side counts cycles: the server unless the user brought their own server; between two user modules, the proxy.
    this.countingRole = needsFaultProxy(this.scenario) ? 'proxy' : !isUserSide(this.scenario, 'server') ? 'server' : 'client';
    this.watchdog = new SampleWatchdog(this.scenario);
    this.schedule = new SnapshotSchedule(this.scenario);
    this.record = {
      dir: this.dir,
      scenario: this.scenario,
      startedAt: now,
      durationMs: 0,
      counts: emptyCycleCounts(),
      sides: {},
      proxy: null,
      closeCodes: {},
      closeCodesSeenBy: !isUserSide(this.scenario, 'client') || needsFaultProxy(this.scenario) ? 'client' : 'server',
      url: '',
      samples: [],
      snapshots: [],
      snapshotFailures: [],
      snapshotsSkipped: [],
      pids: {},
      orchestrator: [],
      error: null,
      interrupted: false,
      endedBy: 'duration',
    };
    this.snapshots = new SnapshotBook(this.scenario, this.dir, this.record, {
      warning: (text) => this.emit('warning', text),
      snapshot: (record) => this.emit('snapshot', record),
      diskFull: (path) => this.failWith(diskFullError(path)),
    });
  }

  /** Ends the run early (SIGINT, or a settled verdict); what was measured is kept. */
  stop(reason: 'interrupted' | 'verdict'): void {
    if (reason === 'interrupted') this.record.interrupted = true;
    this.finish(reason);
  }

  /** What has been measured so far, read-only: for watchers that judge while the run goes. */
  progress(): Pick<RunRecord, 'samples' | 'snapshots' | 'scenario'> & { elapsedMs: number } {
    return { samples: this.record.samples, snapshots: this.record.snapshots, scenario: this.scenario, elapsedMs: this.elapsedMs() };
  }

  /** Kills every child (and its process group) at once: for a second SIGINT. The run still ends and writes its summary. */
  kill(): void {
    this.record.interrupted = true;
    for (const child of this.children) child.kill();
    this.proxy?.kill();
    // Never the attached process itself: ws-soak only detaches from it.
    this.attached?.kill();
    this.finish('interrupted');
  }

  private isUnderTest(role: Role): boolean {
    return this.scenario.underTest === 'both' || this.scenario.underTest === role;
  }

  private childConfig(role: Role, url?: string): ChildConfig & { role: Role } {
    const userServer = isUserSide(this.scenario, 'server');
    const endsConnections = role === 'server' ? !userServer : userServer && this.countingRole !== 'proxy';
    return {
      role,
      scenario: this.scenario,
      underTest: this.isUnderTest(role),
      countsCycles: role === this.countingRole,
      endsConnections,
      url,
      startedAt: this.record.startedAt.getTime(),
    };
  }

  private startChild(role: Role, url?: string): Promise<SideProcess> {
    return startSide(this.sideContext(), role, url);
  }

  private sideContext(): SideStartContext {
    return {
      scenario: this.scenario,
      dir: this.dir,
      record: this.record,
      reaper: this.reaper,
      children: this.children,
      probes: this.probes,
      underTest: (role) => this.isUnderTest(role),
      childConfig: (role, url) => this.childConfig(role, url),
      onMessage: (role, message) => this.onMessage(role, message),
      onExit: (child, exit) => this.onExit(child, exit),
      onProcessGone: (role, pid) => this.watchdog.forget(role, pid),
      warning: (text) => this.emit('warning', text),
      failWith: (error) => this.failWith(error),
    };
  }

  /** Runs to the end and returns what was measured. Start-up failures end up in `record.error`, not thrown. */
  async run(): Promise<RunRecord> {
    const ended = new Promise<void>((resolve) => (this.endRun = resolve));
    this.reaper = new Reaper();
    try {
      // A disk too full for the summary's reserve is full already: say so now, not after the run.
      if (!this.reserved) throw diskFullError(this.dir);
      const url = this.scenario.server.attach ? await this.attach(this.scenario.server.attach) : await this.startServer();
      let clientUrl = url;
      if (this.countingRole === 'proxy') {
        this.proxy = await ProxyStage.start(this.childConfig('server'), url, this.dir, {
          counts: (counts) => this.onProxyCounts(counts),
          fail: (error) => this.fail(error),
          running: () => this.running,
        });
        clientUrl = this.proxy.url;
        if (this.proxy.child.pid !== undefined) this.reaper?.watch(this.proxy.child.pid);
      }
      this.record.url = clientUrl;
      const client = await this.startChild('client', clientUrl);
      // The client is ready once its load processes connect: each is one more Node start-up
      // (two loaded runs could not start 3 load processes in 15 s, bench/churn.mjs).
      await client.waitReady(this.scenario.server.startTimeoutMs + LOAD_PROCESS_START_MS * this.scenario.load.processes);
      // From the client's `ready` (its module loaded and started): loading a protocol stack on a busy machine takes seconds.
      const clientStartedAt = Date.now();
      if (isUserSide(this.scenario, 'client') && this.countingRole !== 'client') {
        const peer = this.countingRole === 'proxy' ? 'the proxy' : "ws-soak's server";
        this.clientWatch = new ClientWatch({ startedAt: clientStartedAt, startTimeoutMs: this.scenario.server.startTimeoutMs, peer, url: clientUrl });
      }
      this.proxy?.throwEarlyFailure();
      for (const side of this.children) if (side instanceof CommandSide) await side.beginSampling();
      this.running = true;
      this.attached?.start();
      // A program's tree is watched process by process, from each one's first sample (sample-watchdog.ts).
      const commands = this.children.filter((c) => c instanceof CommandSide).map((c) => c.role);
      this.watchdog.start(Date.now(), (['client', 'server'] as const).filter((r) => this.isUnderTest(r)), commands);
      this.emit('start', { dir: this.dir, url: clientUrl, ...(clientUrl === url ? {} : { serverUrl: url }) });
    } catch (error) {
      this.record.error = toRunError(error);
      this.record.endedBy = 'error';
      this.finish('error');
    }
    const ticker = this.running ? setInterval(() => this.tick(), TICK_MS) : null;
    await ended;
    if (ticker) clearInterval(ticker);
    const hurry = this.record.interrupted || this.record.endedBy === 'error';
    await drainSnapshots(this.snapshots, this.sides(), {
      limitMs: hurry ? SNAPSHOT_INTERRUPT_WAIT_MS : SNAPSHOT_DRAIN_TIMEOUT_MS,
      interrupted: this.record.interrupted,
      onStall: (stalled) => this.failWith(snapshotHangError(stalled)),
    });
    // With every snapshot written, so the judge that decides can read them all.
    await this.sitesPhase();
    // Stop the client first, so the server does not see a storm of failed reconnects.
    // The proxy goes after the client and before the server, so neither user side sees the other vanish first.
    const order = [this.children.find((c) => c.role === 'client'), this.proxy?.child, this.children.find((c) => c.role === 'server')];
    for (const child of order) {
      if (!child) continue;
      await stopChild(child, this.reaper, (text) => this.emit('warning', text));
      if (child.role === 'proxy') continue;
      const role = child.role;
      const forced = forcedStopMessage(child, this.isUnderTest(role));
      // A process under test that cannot be stopped is hung: a run that needed force never passes.
      if (forced && this.isUnderTest(role) && !this.record.error) this.record.error = { code: 'SOAK_TARGET_HUNG', role, message: forced };
      else if (forced) this.emit('warning', forced);
    }
    // After the client: the attached server's last post-GC sample sees the connections gone.
    await this.attached?.stop();
    this.reaper?.close();
    this.probes.listener?.close();
    this.samplesFile.close();
    // The soak's own length: the sites phase's time is reported on its own (sitesPhase.ms).
    this.record.durationMs = Date.now() - this.record.startedAt.getTime() - (this.record.sitesPhase?.ms ?? 0);
    this.emit('done', this.record);
    return this.record;
  }

  /** After a normal end that found a leak: where the growing collections get their entries. */
  private async sitesPhase(): Promise<void> {
    const ended = this.record.endedBy === 'duration' || this.record.endedBy === 'cycles' || this.record.endedBy === 'verdict';
    if (!ended || this.record.error || this.record.interrupted || !this.options.wantsSites) return;
    let wanted = false;
    try {
      wanted = await this.options.wantsSites(this.progress());
    } catch {
      // Sites are optional output: a judge that fails here costs them, not the run.
    }
    if (!wanted || this.record.error || this.children.every((c) => c.hasExited)) return;
    // Samples of the phase are not judged: the verdict stays what it would be without it.
    this.sitesRunning = true;
    const targets = this.sides().filter((side) => this.isUnderTest(side.role) && !side.hasExited);
    this.record.sitesPhase = await runSitesPhase(targets, () => this.record.counts.cycles);
  }

  private sitesRunning = false;

  /** Starts the server child and returns the URL it listens on. */
  private async startServer(): Promise<string> {
    const server = await this.startChild('server');
    const { url } = await server.waitReady(this.scenario.server.startTimeoutMs);
    if (!url) throw new SoakError('SOAK_START_FAILED', 'the server process did not report its URL');
    return url;
  }

  /** Attaches to the running server (`server.attach`) and returns `server.url`. */
  private async attach(target: AttachTarget): Promise<string> {
    this.attached = await attachServer(this.sideContext(), target, (side) => this.onAttachedExit(side));
    return this.scenario.server.url ?? '';
  }

  /** The sides that sample and snapshot: the child processes, and an attached server. */
  private sides(): SnapshotTarget[] {
    return this.attached ? [...this.children, this.attached] : [...this.children];
  }

  /** The attached process went away: what was measured until then is the report; it was never ours to restart. */
  private onAttachedExit(side: AttachedSide): void {
    if (this.snapshots.pendingFor('server')) this.snapshots.abandon('server', `the attached server (pid ${side.pid}) went away while it was being taken`);
    if (!this.running) return;
    this.fail({
      code: 'SOAK_TARGET_CRASHED',
      role: 'server',
      message: `the attached server (pid ${side.pid}) went away mid-run: its inspector connection at ${side.inspector.address} closed (the process exited, or something closed its inspector). The samples until then are kept.`,
    });
  }

  private elapsedMs(): number {
    return Date.now() - this.record.startedAt.getTime();
  }

  private tick(): void {
    if (!this.running) return;
    const elapsed = this.elapsedMs();
    const cycles = this.record.counts.cycles;
    if (!this.snapshots.busy && (!this.schedule.nextIsTimed(cycles) || this.snapshots.rested(Date.now())) && this.schedule.due(elapsed, cycles)) {
      const targets = this.sides().filter((side) => this.isUnderTest(side.role) && !side.hasExited && canSnapshot(side));
      this.snapshots.request(targets, elapsed, cycles);
    }
    if (elapsed - this.lastSelfSampleMs >= SELF_SAMPLE_INTERVAL_MS) this.sampleSelf(elapsed);
    const stalled = this.snapshots.stalled(Date.now());
    if (stalled) {
      this.failWith(snapshotHangError(stalled));
      return;
    }
    const hung = this.watchdog.silentRole(Date.now(), (role) => this.snapshots.pendingFor(role) || this.countingLiveObjects(role));
    if (hung) {
      this.record.error = hung;
      this.record.endedBy = 'error';
      // A hung process cannot answer `stop`: kill it now rather than wait for the stop timeout.
      this.sides().find((c) => c.role === hung.role)?.kill();
      this.finish('error');
      return;
    }
    if (this.clientWatch) this.checkClient(this.clientWatch);
    if (this.scenario.durationMs !== null && elapsed >= this.scenario.durationMs) this.finish('duration');
    else if (this.scenario.cycles !== null && cycles >= this.scenario.cycles) this.finish('cycles');
  }

  /**
   * After the poll phase (setImmediate): when this process stalled (a loaded machine), the counts
   * waiting in the IPC channel are read before the client is called gone.
   */
  private checkClient(watch: ClientWatch): void {
    setImmediate(() => {
      if (this.snapshots.pendingFor('client')) watch.busy(Date.now());
      const gone = this.running ? watch.check(Date.now()) : null;
      if (gone) this.fail({ code: gone.code, message: gone.message, role: 'client' });
    });
  }

  private fail(error: RunError): void {
    this.record.error = error;
    this.record.endedBy = 'error';
    this.finish('error');
  }

  private onProxyCounts(counts: ProxyCounts): void {
    applyProxyCounts(this.record, counts);
    this.clientWatch?.update(Date.now(), counts.client, counts.proxy.closeFramesFrom, counts.proxy.upgradeRequests);
    this.emit('cycles', counts.client);
  }

  private finish(endedBy: RunRecord['endedBy']): void {
    if (!this.endRun) return;
    if (this.record.endedBy !== 'error') this.record.endedBy = endedBy;
    this.running = false;
    const end = this.endRun;
    this.endRun = null;
    end();
  }

  private lastSelfSampleMs = 0;

  /** Ends the run with `error` (a full disk, a stalled snapshot), unless it already has one. */
  private failWith(error: SoakError | (RunError & { role?: Role })): void {
    if (this.record.error) return;
    this.record.error = error instanceof SoakError ? { code: error.code, message: error.message } : error;
    this.record.endedBy = 'error';
    if (error instanceof SoakError || !error.role) {
      this.finish('error');
      return;
    }
    // A stalled process cannot answer `stop`: kill it (and its group) and give up its snapshot.
    this.sides().find((c) => c.role === error.role)?.kill();
    this.snapshots.abandon(error.role, 'the process made no progress writing it');
    this.finish('error');
  }

  /** The orchestrator's own memory: the harness must not leak either (see test:long). */
  private sampleSelf(t: number): void {
    this.lastSelfSampleMs = t;
    // Only when the CLI itself runs with --expose-gc (as the self-soak test does): then the figure is post-GC.
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    this.record.orchestrator.push({ t, heapUsed: m.heapUsed, rss: m.rss, samplesHeld: this.record.samples.length });
  }

  /** A live-object count pauses the process for seconds on a big heap; bounded, so a count that never ends is still a hang. */
  private countingLiveObjects(role: Role): boolean {
    const since = this.countingSince.get(role);
    return since !== undefined && Date.now() - since < OBJECT_COUNT_MAX_PAUSE_MS;
  }

  private onMessage(role: Role, message: FromChild): void {
    switch (message.type) {
      case 'sample': {
        this.watchdog.heard(role, Date.now(), message.sample.process);
        this.countingSince.delete(role);
        if (this.sitesRunning) break;
        const sample: Sample = { ...message.sample, cycle: this.record.counts.cycles };
        this.record.samples.push(sample);
        if (!this.samplesFile.append(sample)) {
          const failure = this.samplesFile.failure;
          this.failWith(failure instanceof SoakError ? failure : new SoakError('SOAK_INTERNAL', `${RUN_FILES.samples}: ${failure?.message}`));
        }
        this.emit('sample', sample);
        break;
      }
      case 'cycles':
        if (role === this.countingRole) {
          this.record.counts = message.counts;
          this.clientWatch?.update(Date.now(), message.counts);
          this.emit('cycles', message.counts);
        }
        // Between two user modules the proxy's legs are the sides; a user module's own process counts nothing.
        if (this.countingRole === 'proxy') break;
        if (role === this.record.closeCodesSeenBy) this.record.closeCodes = message.counts.closeCodes;
        this.record.sides[role] = message.counts;
        break;
      case 'object-count-started':
        this.countingSince.set(role, Date.now());
        break;
      case 'object-counts-failed':
        this.emit('warning', `live objects of the ${role} cannot be counted: ${message.message}; no object evidence for it this run`);
        break;
      case 'snapshot-started':
        this.snapshots.onStarted(role, message);
        break;
      case 'snapshot-done':
      case 'snapshot-failed':
        this.snapshots.onReply(role, message);
        break;
      case 'fatal':
        // A child that fails after start-up says why before it exits: that beats "exited with code 1".
        if (!this.running) break;
        this.record.error = { code: message.code, message: message.message, role };
        this.record.endedBy = 'error';
        this.finish('error');
        break;
      default:
        break;
    }
  }

  private onExit(child: SideProcess, exit: ChildExit): void {
    // Dead, it will never answer: its pending snapshot is given up at once, not waited for.
    if (this.snapshots.pendingFor(child.role)) this.snapshots.abandon(child.role, `the ${child.role} process exited while writing it (${describeExit(exit)})`);
    // Out of memory while the run winds down (the duration was up a moment before) is still the finding.
    const lateOutOfMemory = !this.running && child.sawOutOfMemory && this.isUnderTest(child.role) && !this.record.error;
    if (!this.running && !lateOutOfMemory) return;
    this.record.error = describeCrash(child.role, exit, child.stderrTail(), this.isUnderTest(child.role), child.sawOutOfMemory);
    this.record.endedBy = 'error';
    this.finish('error');
  }
}

/** A server ws-soak does not run itself: a user module, or an attached process. */
function toRunError(error: unknown): RunError {
  if (error instanceof SoakError) return { code: error.code, message: error.message };
  return { code: 'SOAK_INTERNAL', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
