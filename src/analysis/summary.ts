/** The shape of `summary.json`: the verdict of a run and the figures behind it. */
import type { ProcessVerdict } from './process-inputs.js';
import type { Role } from '../scenario/types.js';
import type { CycleCounts } from '../model/cycle-counts.js';
import type { ProxyExtras } from '../model/proxy-counts.js';
import type { RunError, RunRecord, SnapshotFailure, SnapshotSkip } from '../model/run-record.js';
import type { SnapshotRecord } from '../model/sample.js';
import type { Verdict } from '../verdict/types.js';

export interface Summary {
  tool: 'ws-soak';
  version: string;
  scenario: string;
  scenarioFile: string;
  verdict: Verdict;
  /** One line: why this verdict. */
  reason: string;
  startedAt: string;
  durationMs: number;
  cycles: number;
  cyclesPerSecond: number;
  connectionsOpened: number;
  /** Close codes seen, keyed by code, e.g. `{ "1000": 480, "1006": 20 }`. */
  closeCodes: Record<string, number>;
  closeCodesSeenBy: Role;
  /**
   * What each built-in side saw: wasClean, handshake rejections, heartbeat timeouts, reconnect delays;
   * between two user modules, each leg of the fault proxy, and `proxy`: bytes and frames forwarded, refusals, upstream errors.
   */
  connections: Partial<Record<Role, CycleCounts>> & { proxy?: ProxyExtras };
  endedBy: string;
  interrupted: boolean;
  /** Snapshot file names, in the run folder. */
  snapshots: string[];
  snapshotDetails: SnapshotRecord[];
  snapshotFailures: SnapshotFailure[];
  snapshotsSkipped: SnapshotSkip[];
  pids: Partial<Record<Role, number>>;
  /** The orchestrator's own memory over the run, for checking the harness does not leak. */
  orchestrator: RunRecord['orchestrator'];
  /** One entry per process under test. */
  /** One per process judged; a cluster's worker says which cycles its rates are per (`cycles`). */
  processes: ProcessVerdict[];
  error: RunError | null;
  /** Milliseconds from the start until the verdict settled (with --until-verdict). */
  verdictAtMs: number | null;
  /**
   * The sites phase after a run that found a leak (README "Growth sites"): the time it added
   * (not part of durationMs), its cycles, and why a process gave none; absent when there was none.
   */
  sitesPhase?: { ms: number; cycles: number; failures: string[] };
  environment: { node: string; platform: string; arch: string };
}
