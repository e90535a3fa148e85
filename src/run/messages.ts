/** Messages between the orchestrator and its child processes (Node IPC, JSON-serialised). */
import type { Role, Scenario } from '../scenario/types.js';
import type { Sample } from './sample.js';

/** What a child needs to know; passed in an environment variable, never through a shell. */
export interface ChildConfig {
  role: Role;
  scenario: Scenario;
  /** Sample memory and take snapshots in this process. */
  underTest: boolean;
  /** This side counts cycles (the built-in side does; see README "Cycles"). */
  countsCycles: boolean;
  /** This side ends connections after `disconnect.after` (the built-in server, or the built-in client facing a user server). */
  endsConnections: boolean;
  /** For the client: where the server listens. */
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
  | { type: 'stop' };

/** What one built-in side saw of its connections; cumulative since the start of the run. */
export interface CycleCounts {
  cycles: number;
  /** Close codes seen by this side, keyed by code. */
  closeCodes: Record<string, number>;
  /** Connections opened. */
  opened: number;
  /** Closes by `wasClean` (a close frame was exchanged): `{ "true": 480, "false": 20 }`. */
  wasClean: Record<string, number>;
  /** Upgrades refused, keyed by HTTP status. */
  handshakeRejections: Record<string, number>;
  /** Connection attempts that failed before opening (refused, reset, rejected). */
  failedConnects: number;
  /** Connections the built-in client gave up on because its heartbeat went unanswered. */
  heartbeatTimeouts: number;
  /** Delay between a close and the next connection attempt, ms (min/median/max), when known. */
  reconnectDelayMs: { min: number; median: number; max: number } | null;
  /** How this side ended connections, by mode name: `{ "close-1000": 300, "terminate": 100 }`. */
  endings: Record<string, number>;
  /** Most connections open at once. */
  peakOpen: number;
  /** Messages this side sent and received. */
  messagesSent: number;
  messagesReceived: number;
  /** Connections that negotiated permessage-deflate. */
  deflateConnections: number;
  /** Connections the idle proxy (proxy.idleTimeout) cut. */
  idleTimeouts: number;
  /** Times the built-in server restarted (server-restart), and how many connections each restart dropped at once. */
  restarts: number;
  restartDropped: { min: number; max: number } | null;
  /**
   * Most connections at once that the harness had gone quiet on (ping-timeout, half-open) and the
   * peer still held open well past its heartbeat (2 s at least): a peer without a heartbeat never
   * notices. A finding about the peer, not a harness hang.
   */
  stalledConnections: number;
  /** Longest such stall seen, ms. */
  longestStallMs: number;
  /** Extra client processes (load.processes) whose counts are included in these totals. */
  loadProcesses: number;
}

export const emptyCycleCounts = (): CycleCounts => ({
  cycles: 0,
  closeCodes: {},
  opened: 0,
  wasClean: {},
  handshakeRejections: {},
  failedConnects: 0,
  heartbeatTimeouts: 0,
  reconnectDelayMs: null,
  endings: {},
  peakOpen: 0,
  messagesSent: 0,
  messagesReceived: 0,
  deflateConnections: 0,
  idleTimeouts: 0,
  restarts: 0,
  restartDropped: null,
  stalledConnections: 0,
  longestStallMs: 0,
  loadProcesses: 0,
});

export type FromChild =
  | { type: 'ready'; url?: string }
  | { type: 'sample'; sample: Omit<Sample, 'cycle'> }
  | { type: 'cycles'; counts: CycleCounts }
  | { type: 'snapshot-done'; seq: number; bytes: number; ms: number }
  | { type: 'snapshot-failed'; seq: number; message: string }
  | { type: 'fatal'; code: 'SOAK_MODULE_LOAD' | 'SOAK_START_FAILED'; message: string }
  | { type: 'stopped' };
