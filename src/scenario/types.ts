/**
 * A scenario after validation: every default filled in, durations in milliseconds,
 * sizes in bytes, module paths absolute. Everything downstream reads only this shape.
 */
export type Role = 'client' | 'server';

/** Which running process `server.attach` means: by pid (ws-soak opens its inspector) or by an inspector already open. */
export type AttachTarget =
  | { kind: 'pid'; pid: number; port: number }
  | { kind: 'inspector'; host: string; port: number };
export type UnderTest = 'client' | 'server' | 'both';
export type SnapshotEngine = 'v8' | 'heapdump';

/** A side run as a program (`server.command` / `client.command`): never through a shell. */
export interface CommandTarget {
  /** Program and arguments; `{port}` in them becomes the server's port. */
  args: string[];
  /** Absolute working folder. */
  cwd: string;
  /** Added to ws-soak's own environment. */
  env: Record<string, string>;
}

/**
 * How the harness ends a connection (or refuses one). Parsed from names such as `close-4001`,
 * `terminate`, `handshake-reject-503`; `name` keeps the name as written, for counts and reports.
 */
export type DisconnectMode =
  | { name: string; kind: 'close'; code: number }
  | { name: string; kind: 'handshake-reject'; status: number }
  | {
      name: string;
      kind: 'terminate' | 'ping-timeout' | 'idle-timeout' | 'half-open' | 'mid-message' | 'server-restart';
    };

export type DisconnectModeKind = DisconnectMode['kind'];

/** `disconnect.mode`: one mode, a list taken in turn, or a weighted random mix. */
export interface ModeSelection {
  pick: 'rotate' | 'weighted';
  /** In the order written; `weight` is 1 for every entry of a list. */
  choices: Array<{ mode: DisconnectMode; weight: number }>;
}

/** The part of a run before judging starts: either a fixed time or a share of the run. */
export type Warmup = { kind: 'ms'; ms: number } | { kind: 'fraction'; fraction: number };

export interface Scenario {
  /** Absolute path of the scenario file ('' when built in code). */
  file: string;
  name: string;
  description: string;
  /** Stop after this long; null when only `cycles` bounds the run. */
  durationMs: number | null;
  /** Stop after this many cycles; null when only `duration` bounds the run. */
  cycles: number | null;
  warmup: Warmup;
  underTest: UnderTest;
  sample: {
    intervalMs: number;
    /** Take post-GC samples (`gc()` then `memoryUsage()`). */
    gc: boolean;
    /** Fixed time between post-GC samples; null: the automatic cadence (src/probe/post-gc-cadence.ts). */
    gcEveryMs: number | null;
  };
  snapshots: {
    enabled: boolean;
    /** Time between snapshots; null with `atCycles` or with the automatic schedule. */
    everyMs: number | null;
    /** Cycle counts at which to snapshot; null with `everyMs` or the automatic schedule. */
    atCycles: number[] | null;
    /** Most snapshots kept per process under test. */
    keep: number;
    /** Disk budget for all snapshots of the run, bytes; null = only the free-space check. */
    maxBytes: number | null;
    engine: SnapshotEngine;
  };
  server: {
    /** Absolute path of a user server module; null for the built-in server. */
    module: string | null;
    /** The user's server as a program; null for a module or the built-in server. */
    command: CommandTarget | null;
    /** Path (and query) of a command server's WebSocket endpoint. */
    path: string;
    host: string;
    port: number;
    /** Time each child gets to become ready. */
    startTimeoutMs: number;
    /** Serve wss:// with a certificate generated at run time. */
    tls: boolean;
    /** A running Node process to soak over its inspector instead of a server ws-soak starts; null: none. */
    attach: AttachTarget | null;
    /** With `attach`: the attached server's WebSocket endpoint; null otherwise. */
    url: string | null;
  };
  client: {
    /** Absolute path of a user client module; null for the built-in client. */
    module: string | null;
    /** The user's client as a program (it gets the URL as WS_SOAK_URL); null otherwise. */
    command: CommandTarget | null;
    /** Concurrent connections the built-in client keeps. */
    count: number;
    /** The built-in client's ping/pong heartbeat; null: none (a dead connection goes unnoticed). */
    heartbeat: { intervalMs: number; timeoutMs: number } | null;
    /** Reconnect delay of the built-in client: min(maxMs, initialMs × factor^failures), less up to `jitter` of it. */
    backoff: { initialMs: number; maxMs: number; factor: number; jitter: number };
  };
  disconnect: {
    /** How the ending side ends each connection (or refuses the upgrade). */
    mode: ModeSelection;
    /** Connection lifetime before the harness ends it. */
    afterMs: number;
    /** Also end a connection once this many messages were sent or received on it; null: no limit. */
    afterMessages: number | null;
    /** Random extra lifetime, uniform in [0, jitterMs]. */
    jitterMs: number;
    /** Reason text of the close frame for `close-<code>` modes. */
    reason: string;
    /** Share of upgrade attempts refused when `mode` has `handshake-reject-<status>` entries, 0 to 1. */
    rejectShare: number;
    /** `Retry-After` header of a refused upgrade, whole seconds; null: none sent. */
    retryAfterS: number | null;
    /** How long the built-in server stays down in `server-restart` mode. */
    restartDelayMs: number;
  };
  /** A TCP proxy between client and server that cuts idle connections; null: connect directly. */
  proxy: { idleTimeoutMs: number } | null;
  traffic: {
    /** Messages the server sends on each connection. */
    messages: number;
    /** Messages the built-in client sends on each connection. */
    clientMessages: number;
    sizeBytes: number;
    /** Binary frames (true) or text frames (false). */
    binary: boolean;
    /** Messages sent back to back each time. */
    burst: number;
    /** Messages per second per connection and direction; 0: all at once when the connection opens. */
    ratePerSecond: number;
    /** Negotiate permessage-deflate (compression) on the built-in sides. */
    perMessageDeflate: boolean;
  };
  load: {
    /** Extra built-in client processes that add churn and are never judged. */
    processes: number;
  };
  verdict: {
    /** Post-GC heap growth per cycle above which a significant trend fails the run. */
    maxGrowthPerCycle: number;
    /** Total post-GC heap growth over the judged window above which the run fails; null = no limit. */
    maxGrowth: number | null;
    /** Fewest cycles in the judged window for a pass or fail; fewer is inconclusive. */
    minCycles: number;
  };
}
