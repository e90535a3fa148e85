/**
 * The sites phase at the end of a run that found a leak: the processes under test record where
 * their collections gain entries (probe/growth-sites.ts) for max(SITES_MIN_MS, SITES_MIN_CYCLES
 * cycles), at most SITES_MAX_MS, then report. A run that passes never has one.
 *
 * Every kind of side takes part, each through its own channel: a forked child over IPC, each
 * active process of a command side (every worker of a cluster, on its own) over its probe's TCP
 * connection (probe/preload-sites.ts), an attached server over its inspector (attach/remote-sites.ts).
 */
import { SITES_MAX_MS, SITES_MIN_CYCLES, SITES_MIN_MS, SITES_REPLY_TIMEOUT_MS } from '../constants.js';
import { AttachedSide } from '../attach/attached-side.js';
import { SoakChild } from '../ipc/child-process.js';
import type { FromChild } from '../ipc/messages.js';
import type { GrowthSitesReport, SitesPhaseRecord } from '../model/growth-sites.js';
import type { Role } from '../scenario/types.js';
import { CommandSide } from './command-side.js';
import type { ProbeConnection } from './probe-listener.js';
import type { SnapshotTarget } from './side-process.js';

const POLL_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One process the phase records in, whatever reaches it. */
interface SitesTaker {
  role: Role;
  /** A command side's process: its report is also kept by pid (each worker is judged on its own). */
  pid?: number;
  /** Resolves with why it could not begin, or null. */
  start(): Promise<string | null>;
  gone(): boolean;
  /** Ends the phase in it: its report, or why there is none. */
  stop(): Promise<GrowthSitesReport | string>;
}

type Channel = Pick<SoakChild, 'send'> & {
  on(event: 'message', listener: (message: FromChild) => void): unknown;
  off(event: 'message', listener: (message: FromChild) => void): unknown;
};

/** Sends `sites-stop` on `channel` and waits for its `sites`, at most `timeoutMs`, or until `onGone` fires. */
function askReport(channel: Channel, name: string, whenGone: (done: () => void) => () => void, timeoutMs: number): Promise<GrowthSitesReport | string> {
  return new Promise((resolve) => {
    const done = (value: GrowthSitesReport | string): void => {
      clearTimeout(timer);
      channel.off('message', onMessage);
      stopWatching();
      resolve(value);
    };
    const onMessage = (message: FromChild): void => {
      if (message.type === 'sites') done(message.report);
    };
    const stopWatching = whenGone(() => done(`${name} exited during the sites phase`));
    const timer = setTimeout(() => done(`${name} gave no sites within ${timeoutMs / 1000} s`), timeoutMs);
    channel.on('message', onMessage);
    channel.send({ type: 'sites-stop' });
  });
}

function childTaker(child: SoakChild): SitesTaker {
  const name = `the ${child.role} process`;
  return {
    role: child.role as Role,
    start: async () => {
      child.send({ type: 'sites-start' });
      return null;
    },
    gone: () => child.hasExited,
    stop: () =>
      askReport(child, name, (done) => {
        child.on('exit', done);
        return () => child.off('exit', done);
      }, SITES_REPLY_TIMEOUT_MS),
  };
}

function probeTaker(role: Role, probe: ProbeConnection): SitesTaker {
  let gone = false;
  probe.once('gone', () => (gone = true));
  return {
    role,
    pid: probe.pid,
    start: async () => {
      probe.send({ type: 'sites-start' });
      return null;
    },
    gone: () => gone,
    stop: () =>
      gone
        ? Promise.resolve(`${probe.label} exited during the sites phase`)
        : askReport(probe, probe.label, (done) => {
            probe.once('gone', done);
            return () => probe.off('gone', done);
          }, SITES_REPLY_TIMEOUT_MS),
  };
}

function attachedTaker(side: AttachedSide): SitesTaker {
  let began = false;
  return {
    role: side.role,
    start: async () => {
      const failure = await side.startSites();
      began = failure === null;
      return failure;
    },
    gone: () => side.hasExited,
    // The inspector's own call timeout bounds the wait; a target gone is an error of the call.
    stop: () => (began ? side.stopSites() : Promise.resolve('never begun')),
  };
}

/** The processes of `targets` that record: for a command side, each of its processes that took part. */
function takersOf(targets: readonly SnapshotTarget[]): SitesTaker[] {
  return targets.flatMap((side): SitesTaker[] => {
    if (side.hasExited) return [];
    if (side instanceof SoakChild) return [childTaker(side)];
    if (side instanceof AttachedSide) return [attachedTaker(side)];
    if (side instanceof CommandSide) return side.probes.filter((p) => p.active).map((p) => probeTaker(side.role, p));
    return [];
  });
}

/** Runs the phase on `targets` (processes under test still running); `cycles` reads the run's count. */
export async function runSitesPhase(targets: readonly SnapshotTarget[], cycles: () => number): Promise<SitesPhaseRecord> {
  const started = Date.now();
  const record: SitesPhaseRecord = { ms: 0, cycles: 0, reports: {}, failures: [] };
  const live: SitesTaker[] = [];
  for (const taker of takersOf(targets)) {
    const failure = await taker.start();
    if (failure === null) live.push(taker);
    else record.failures.push(failure);
  }
  // The counts that queued up while the run's judge parsed the snapshots (seconds, with this
  // process busy) are read first: counted from a stale figure, a leak of one entry per
  // connection showed as 0.67 per cycle.
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  const startCycles = cycles();
  for (;;) {
    const elapsed = Date.now() - started;
    if (elapsed >= SITES_MAX_MS || live.every((t) => t.gone())) break;
    if (elapsed >= SITES_MIN_MS && cycles() - startCycles >= SITES_MIN_CYCLES) break;
    await sleep(POLL_MS);
  }
  record.cycles = cycles() - startCycles;
  const replies = await Promise.all(live.map((taker) => taker.stop()));
  const perRole = new Map<Role, number>();
  for (const taker of live) perRole.set(taker.role, (perRole.get(taker.role) ?? 0) + 1);
  for (const [i, reply] of replies.entries()) {
    const taker = live[i] as SitesTaker;
    if (typeof reply === 'string') {
      record.failures.push(reply);
      continue;
    }
    // A side of one process keeps its report by role; a command side's also by pid, for its workers' verdicts.
    if (perRole.get(taker.role) === 1) record.reports[taker.role] = reply;
    if (taker.pid !== undefined) (record.byPid ??= {})[taker.pid] = reply;
  }
  record.ms = Date.now() - started;
  return record;
}
