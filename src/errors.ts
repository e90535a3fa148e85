/**
 * Every failure that a user can cause or fix is a `SoakError` with a stable `code`.
 * The CLI maps codes to exit codes and prints only the message (stack traces need `--verbose`).
 */
export type SoakErrorCode =
  | 'SOAK_USAGE' // bad command-line usage
  | 'SOAK_SCENARIO_INVALID' // scenario file fails validation
  | 'SOAK_SCENARIO_READ' // scenario file missing or unreadable
  | 'SOAK_OUT_DIR' // --out folder not empty / not writable
  | 'SOAK_MODULE_LOAD' // user module missing, no default export, throws on start
  | 'SOAK_START_FAILED' // a child process failed before it was ready (port in use, never listened)
  | 'SOAK_ATTACH_FAILED' // server.attach: the running process could not be found, opened or spoken to over its inspector
  | 'SOAK_TARGET_CRASHED' // the process under test exited during the run
  | 'SOAK_TARGET_HUNG' // the process under test stopped sending samples
  | 'SOAK_RESTART_FAILED' // the built-in server could not listen again after a server-restart
  | 'SOAK_CLIENT_GONE' // the client never connected, or stopped reconnecting after a connection ended
  | 'SOAK_UPSTREAM_INVALID' // the server module answered the fault proxy's upgrade with something other than a WebSocket
  | 'SOAK_CLIENT_INVALID' // the client module sent the fault proxy bytes that are not a WebSocket upgrade or frames
  | 'SOAK_SNAPSHOT_INVALID' // a file given to inspect/diff is not a usable heap snapshot
  | 'SOAK_RUN_DIR_INVALID' // a run folder given to report/compare is missing files
  | 'SOAK_DISK_FULL' // no space left on the run folder's disk (ENOSPC, EDQUOT)
  | 'SOAK_INTERNAL'; // a bug in ws-soak itself

/** Exit codes; documented in the README and `--help`. */
export const EXIT = {
  pass: 0,
  leak: 1,
  usage: 2,
  error: 3,
  inconclusive: 4,
} as const;

const USAGE_CODES: ReadonlySet<SoakErrorCode> = new Set([
  'SOAK_USAGE',
  'SOAK_SCENARIO_INVALID',
  'SOAK_SCENARIO_READ',
  'SOAK_OUT_DIR',
  'SOAK_SNAPSHOT_INVALID',
  'SOAK_RUN_DIR_INVALID',
]);

export class SoakError extends Error {
  readonly code: SoakErrorCode;

  constructor(code: SoakErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SoakError';
    this.code = code;
  }

  /** 2 for mistakes in what the user gave us, 3 for failures of the harness or the target. */
  get exitCode(): number {
    return USAGE_CODES.has(this.code) ? EXIT.usage : EXIT.error;
  }
}

export function isSoakError(value: unknown): value is SoakError {
  return value instanceof SoakError;
}
