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

/** Default environment variable that carries a child's configuration (JSON). */
export const CHILD_CONFIG_ENV = 'WS_SOAK_CHILD_CONFIG';

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
