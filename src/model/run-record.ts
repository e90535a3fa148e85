/** Everything a run measured, handed from the run to the analysis. */
import type { SoakErrorCode } from '../errors.js';
import type { Role, Scenario } from '../scenario/types.js';
import type { ChildExit } from './child-exit.js';
import type { CycleCounts } from './cycle-counts.js';
import type { SitesPhaseRecord } from './growth-sites.js';
import type { ProxyExtras } from './proxy-counts.js';
import type { Sample, SnapshotRecord } from './sample.js';

export interface RunError {
  code: SoakErrorCode;
  message: string;
  /** The process that failed, when one did. */
  role?: Role;
  exit?: ChildExit;
  stderrTail?: string[];
  /** The crash looks like running out of memory: a leak finding, not a harness fault. */
  outOfMemory?: boolean;
}

export interface SnapshotFailure {
  role: Role;
  seq: number;
  message: string;
}

export interface SnapshotSkip {
  role: Role;
  /** The process of a program's tree it was of (a cluster's worker); absent otherwise. */
  pid?: number;
  t: number;
  cycle: number;
  reason: string;
}

export interface RunRecord {
  dir: string;
  scenario: Scenario;
  startedAt: Date;
  durationMs: number;
  /** Counts from the side that counts cycles. */
  counts: CycleCounts;
  /** Close codes the client saw (`client`), or, for a user client module, what the server saw. */
  closeCodes: Record<string, number>;
  closeCodesSeenBy: Role;
  /** Everything each built-in side counted (a user module's side counts nothing). */
  sides: Partial<Record<Role, CycleCounts>>;
  /** What only the fault proxy saw (both sides user modules), else null. */
  proxy: ProxyExtras | null;
  /** The URL the client connects to (the fault proxy's, when there is one). */
  url: string;
  samples: Sample[];
  snapshots: SnapshotRecord[];
  snapshotFailures: SnapshotFailure[];
  /** Snapshots not taken: after a failed write, over `snapshots.maxBytes`, or short of disk space. */
  snapshotsSkipped: SnapshotSkip[];
  /** Process ids of the children, for the record and for checking none is left behind. */
  pids: Partial<Record<Role, number>>;
  /** The orchestrator's own memory every few seconds (not post-GC), with how many samples it held. */
  orchestrator: Array<{ t: number; heapUsed: number; rss: number; samplesHeld: number }>;
  error: RunError | null;
  /** Stopped early by SIGINT/SIGTERM. */
  interrupted: boolean;
  /** The sites phase after a run that found a leak (run/sites-phase.ts), or null when there was none. */
  sitesPhase?: SitesPhaseRecord | null;
  /** Why the run ended: `duration`, `cycles`, `interrupted`, `verdict`, `error`. */
  endedBy: 'duration' | 'cycles' | 'interrupted' | 'verdict' | 'error';
}
