/**
 * The parent–child protocol: messages between the orchestrator and its child processes (Node IPC,
 * JSON-serialised), and the configuration a child is started with.
 */
import type { SoakErrorCode } from '../errors.js';
import type { CycleCounts } from '../model/cycle-counts.js';
import type { GrowthSitesReport } from '../model/growth-sites.js';
import type { ProxyCounts } from '../model/proxy-counts.js';
import type { Sample } from '../model/sample.js';
import type { Role, Scenario } from '../scenario/types.js';

/** A child process's part: one side of the connection, or the fault proxy between two user modules. */
export type ChildRole = Role | 'proxy';

/** What a child needs to know; passed in an environment variable, never through a shell. */
export interface ChildConfig {
  role: ChildRole;
  scenario: Scenario;
  /** Sample memory and take snapshots in this process. */
  underTest: boolean;
  /** This side counts cycles (the built-in side does; see README "Cycles"). */
  countsCycles: boolean;
  /** This side ends connections after `disconnect.after` (the built-in server, or the built-in client facing a user server). */
  endsConnections: boolean;
  /** For the client: where to connect (the server, or the fault proxy); for the proxy: the server it forwards to. */
  url?: string;
  /** For the client of a wss:// server: the certificate (PEM) to trust; fetched from the server when absent. */
  ca?: string;
  /** An extra client process of `load.processes`: runs the built-in client, starts no load of its own. */
  loadWorker?: boolean;
  /** Epoch ms when the run started; samples are stamped relative to it. */
  startedAt: number;
}

export type ToChild =
  | { type: 'snapshot'; seq: number; cycle: number; path: string; t: number }
  /** Heap snapshots of this process are skipped: count live objects by constructor instead (probe/object-census.ts). */
  | { type: 'count-objects' }
  /** Begin the sites phase (probe/growth-sites.ts): record where collections gain entries. */
  | { type: 'sites-start' }
  /** End it: answer with `sites`. */
  | { type: 'sites-stop' }
  | { type: 'stop' };

export type FromChild =
  | { type: 'ready'; url?: string }
  | { type: 'sample'; sample: Omit<Sample, 'cycle'> }
  | { type: 'cycles'; counts: CycleCounts }
  /** Sent (and flushed) just before V8 starts a snapshot, which blocks the child: how big a heap it is about to write. */
  | { type: 'snapshot-started'; seq: number; heapUsed: number }
  /** From the fault proxy, every CYCLE_REPORT_INTERVAL_MS: both legs and its own extras. */
  | { type: 'proxy-counts'; counts: ProxyCounts }
  /**
   * `pid`: of the process snapshotted, added by a command side (a program's tree has several);
   * `processCycles`: that process's own cycles when it was asked (preload.ts counts them).
   */
  | { type: 'snapshot-done'; seq: number; bytes: number; ms: number; pid?: number; processCycles?: number }
  /** `code`: the file-system error code (ENOSPC …) when there is one; the partial file is already deleted. */
  | { type: 'snapshot-failed'; seq: number; message: string; code?: string }
  /** The child failed and exits: during start-up (module load, listen) or later (a restart that lost its port). */
  | { type: 'fatal'; code: SoakErrorCode; message: string }
  /** Sent (and flushed) just before a live-object count, which pauses the child for up to seconds; the counts come in the next sample. */
  | { type: 'object-count-started' }
  /** Live objects cannot be counted in this process: why (no inspector, a count that failed). */
  | { type: 'object-counts-failed'; message: string }
  /** The answer to `sites-stop`. */
  | { type: 'sites'; report: GrowthSitesReport }
  | { type: 'stopped' };
