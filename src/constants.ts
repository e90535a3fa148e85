/** Tunables of the harness, in one place. Units are in the names. */

/** How often the side that counts cycles reports its count to the orchestrator. */
export const CYCLE_REPORT_INTERVAL_MS = 50;

/** How often the CLI prints a progress line when stderr is not a terminal. */
export const PROGRESS_INTERVAL_MS = 5_000;

/** Time a child of the run (server or client side) gets to stop cleanly after it is asked to, before the orchestrator kills it. */
export const CHILD_STOP_TIMEOUT_MS = 5_000;

/**
 * Time a load process (load.processes) gets to stop before its client process kills it. Shorter
 * than CHILD_STOP_TIMEOUT_MS on purpose: the client stops its load processes inside its own stop,
 * which the orchestrator gives CHILD_STOP_TIMEOUT_MS in all.
 */
export const LOAD_PROCESS_STOP_TIMEOUT_MS = 3_000;

/** Lines of a child's stderr kept for error messages and summary.json. */
export const STDERR_TAIL_LINES = 20;

/** Points on the x axis of the terminal charts. */
export const TERMINAL_CHART_WIDTH = 72;

/** Widest `--help` in columns (yargs' own cap); narrower terminals get their own width. */
export const HELP_MAX_COLUMNS = 80;

/** Rows of the terminal charts. */
export const TERMINAL_CHART_HEIGHT = 10;

/**
 * Default number of snapshots spread over the judged window when the scenario sets no schedule:
 * five, the fewest for a trend test per object group at p < 0.01 (a rise in all four intervals:
 * exact p = 1/5! ≈ 0.008; with four, 1/24), and the default `snapshots.keep`. Each pauses the
 * process: 0.5–1.5 s for a 10 MB heap, 2–5 s on a 2-core runner at load 9 (seven of them took
 * 20 s of a 45 s window there, and the loop ran at a third of its warm-up rate).
 */
export const AUTO_SNAPSHOT_COUNT = 5;
/**
 * How far an automatic snapshot between the first and the last may move from the middle of its
 * share of the window, as a share of the spacing (src/run/snapshot-schedule.ts says why). At 0.25
 * two snapshots are at least half a spacing apart: an eighth of the span of five, above the 10%
 * the object rule needs between two judged snapshots (OBJECT_MIN_INTERVAL_CYCLES_SHARE).
 */
export const AUTO_SNAPSHOT_JITTER = 0.25;

/** Default environment variable that carries a child's configuration (JSON). */
export const CHILD_CONFIG_ENV = 'WS_SOAK_CHILD_CONFIG';
/** A command side's probe: where the orchestrator listens for it (`127.0.0.1:<port>`), and its settings (JSON). */
export const PROBE_ADDRESS_ENV = 'WS_SOAK_PROBE';
export const PROBE_CONFIG_ENV = 'WS_SOAK_PROBE_CONFIG';
/** The URL a client command connects to. */
export const CLIENT_URL_ENV = 'WS_SOAK_URL';
/** A command server's port: how often (ms) ws-soak tries whether it accepts TCP connections yet. */
export const PORT_POLL_MS = 100;
/** A command side, asked to stop with SIGTERM (to its whole group): time it gets before SIGKILL, ms. */
export const COMMAND_STOP_GRACE_MS = 5_000;

/** File mode for everything in a run folder: heap snapshots hold process memory (tokens, secrets). */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Growing object groups of a run that get a retainer path in the verdict's evidence (groups).
 * Each costs a pass over the last snapshot's graph; every failing group should have one.
 */
export const RUN_GROUPS_WITH_PATHS = 8;

/**
 * Growing groups that `ws-soak diff` prints a retainer path for (groups): fewer than a run's,
 * since a person reads them under the table, and diff is run by hand on big snapshots.
 */
export const DIFF_GROUPS_WITH_PATHS = 5;

/** Bytes of a child's stderr kept for error messages and summary.json; a longer tail is cut (and says so). */
export const STDERR_TAIL_MAX_BYTES = 64 * 1024;

/** Bytes of a child's output kept in client.log / server.log; the rest is dropped after a line saying so. */
export const CHILD_LOG_MAX_BYTES = 16 * 1024 * 1024;

/** Largest scenario file read, in bytes: a scenario is a page of YAML, not a data file. */
export const SCENARIO_FILE_MAX_BYTES = 1024 * 1024;

/**
 * Bytes set aside in the run folder when it is made, and released just before summary.json is
 * written: a disk that fills up mid-run still has room for the verdict.
 */
export const SUMMARY_RESERVE_BYTES = 1024 * 1024;

/**
 * Time a process gets to begin a requested heap snapshot (V8 creates the file as it begins, after a
 * full GC: 0.3 s for a 273 MiB heap), in ms; at least this, or heapUsed at SNAPSHOT_START_HEAP_BYTES_PER_S.
 * A process whose file has not appeared by then is blocked, not busy writing.
 */
export const SNAPSHOT_START_MIN_MS = 5_000;

/** Slowest pace, in heap bytes per second, at which the GC before a snapshot is expected to go (measured ~1 GiB/s; a 16th of it). */
export const SNAPSHOT_START_HEAP_BYTES_PER_S = 64 * 1024 * 1024;

/** Never call a heap snapshot stalled once its file exists (empty while the graph is built, then growing) sooner than this, in ms. */
export const SNAPSHOT_STALL_MIN_MS = 10_000;

/**
 * Slowest pace, in heap bytes per second, at which V8 is expected to build a snapshot's graph (the file
 * stays at 0 bytes meanwhile) or to write it: measured 7 MiB/s building the graph of an 86 MiB heap on
 * 2 loaded cores; a quarter of that is the bound. A 1 GiB heap gets 512 s.
 */
export const SNAPSHOT_MIN_HEAP_BYTES_PER_S = 2 * 1024 * 1024;

/** How often the orchestrator looks at the size of a snapshot being written, in ms. */
export const SNAPSHOT_PROGRESS_POLL_MS = 500;

/** Time a pending snapshot gets to finish after Ctrl-C/SIGTERM/SIGHUP before it is abandoned (its process killed, the partial file deleted), in ms. */
export const SNAPSHOT_INTERRUPT_WAIT_MS = 5_000;

/** Time a process group left by the module under test gets after SIGTERM before SIGKILL, in ms. */
export const LEFTOVER_KILL_GRACE_MS = 1_000;

// The WebSocket fault proxy (both sides user modules).

/** How long the upstream server gets to answer an upgrade before the proxy gives up (504): long, since a server module under test on a loaded machine (forced GCs, snapshots) answers its first upgrades slowly. */
export const UPSTREAM_HANDSHAKE_TIMEOUT_MS = 10_000;

/** Largest HTTP response head read from the upstream before it counts as not HTTP. */
export const MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

/** After a close frame is injected, how long each peer gets to answer it before both sockets are destroyed. */
export const CLOSE_GRACE_MS = 1_000;

/** mid-message: how long to wait for a forwarded data frame to cut inside before writing a partial frame of our own. */
export const MID_MESSAGE_WAIT_MS = 1_000;

/** idle-timeout without `idleTimeoutMs` in the policy: quiet time before the cut. */
export const DEFAULT_IDLE_CUT_MS = 1_000;

/** Bytes of a body forwarded from an upstream that refused an upgrade (its error page). */
export const MAX_REFUSAL_BODY_BYTES = 64 * 1024;

/** Longest reason text of an injected close frame: a control frame payload is at most 125 bytes (RFC 6455 §5.5). */
export const MAX_CLOSE_REASON_BYTES = 123;

/** Upstream connect failures, timeouts or closes in a row (no connection opening between) after which the run ends: the server is gone. */
export const UPSTREAM_FAILURES_IN_A_ROW = 3;

// Live-object counts (probe/object-census.ts), taken instead of heap snapshots the guard skips.

/** Share of the wall clock the counts may take: the gap after a count is its CPU time ÷ this (a 0.6 s count waits 30 s). */
export const OBJECT_COUNT_BUDGET_SHARE = 0.02;
/** Least time between two counts, ms, however cheap (a small heap's count takes ~0.1 s). */
export const OBJECT_COUNT_MIN_GAP_MS = 2_000;
/** Most time between two counts, ms, however costly (a 1 GB heap's count: 28 s of CPU, a count every ~23 min at the budget), so a soak of hours gets some. */
export const OBJECT_COUNT_MAX_GAP_MS = 1_800_000;
/** Most constructor names kept per count (the most numerous): bounds samples.ndjson; a node process has ~100–300. */
export const OBJECT_COUNT_MAX_NAMES = 500;
/** Longest a live-object count may pause its process before the sample watchdog calls it hung, ms (a 1 GB heap: ~40 s). */
export const OBJECT_COUNT_MAX_PAUSE_MS = 300_000;
/** Sites phase (README "Growth sites"): it lasts at least this long, ms … */
export const SITES_MIN_MS = 3_000;
/** … and at least this many cycles … */
export const SITES_MIN_CYCLES = 50;
/** … but never longer than this, ms (a slow loop gives what it has by then). */
export const SITES_MAX_MS = 9_000;
/** Longest wait for a process's sites report after `sites-stop`, ms. */
export const SITES_REPLY_TIMEOUT_MS = 5_000;
/** Stack frames kept per recorded call (enough to reach the user's frame from inside a package). */
export const SITES_STACK_DEPTH = 16;
/** Collections tracked at once during the phase; beyond it new ones are not followed (bounds memory). */
export const SITES_MAX_TARGETS = 20_000;
/** A collection counts as growing when it gained at least this many entries in the phase … */
export const SITES_MIN_GROWTH = 3;
/** … and at least this share of the phase's cycles (a leak every 10th reconnect adds 0.1 a cycle; a bounded collection at its level adds none). */
export const SITES_MIN_GROWTH_PER_CYCLE = 0.05;
/** A plain object is followed as a map (its new keys' stacks recorded) only when it already owns this many keys: a config object or a record has fewer. */
export const SITES_OBJECT_MIN_KEYS = 16;
/** Plain objects followed as maps at once (each gets a Proxy in its prototype chain for the phase). */
export const SITES_MAX_OBJECT_MAPS = 200;
/** Distinct callbacks whose closure scopes are searched for plain-object maps (one inspector look of ~1 ms each). */
export const SITES_MAX_SCOPE_LOOKS = 100;
/** Sites kept per evidence. */
export const SITES_PER_EVIDENCE = 3;
/** server.attach: how long the inspector gets to answer on its port after SIGUSR1, ms (it opens within ~100 ms on an idle machine). */
export const INSPECTOR_OPEN_TIMEOUT_MS = 5_000;
/** server.attach: time between looks at the inspector's port while it opens, ms. */
export const INSPECTOR_POLL_MS = 100;
/** server.attach: longest wait for one inspector call other than a heap snapshot (a forced GC of a big heap takes seconds), ms. */
export const INSPECTOR_CALL_TIMEOUT_MS = 60_000;
/** server.attach: delay before the target closes the inspector ws-soak opened, ms: long enough for our session to be gone (see open-inspector.ts). */
export const INSPECTOR_CLOSE_DELAY_MS = 100;

/**
 * Snapshot files of at least this many bytes have their `edges` array (about half the file) read on
 * a worker thread while the main thread reads `nodes`. Starting the worker costs ~30–50 ms, more
 * than it saves on small files.
 */
export const PARSE_EDGES_THREAD_MIN_BYTES = 48 * 1024 * 1024;

/**
 * Extra start-up time the client gets per `load.processes` (ms): it is ready only once each load
 * process is connecting, and each is another Node start-up (bench/churn.mjs: 3 load processes
 * with 250 connections each were not ready within 15 s, twice, at load 14–26).
 */
export const LOAD_PROCESS_START_MS = 10_000;
