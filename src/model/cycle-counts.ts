/** What one built-in side counted of its connections: reported by a child, kept in the run record and summary.json. */

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

/** The counts of a side that has seen nothing yet; also fills counters older run folders lack. */
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
