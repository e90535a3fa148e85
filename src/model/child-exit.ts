/**
 * How a child process ended, and the words for it: the exit record kept in a RunError, its
 * description, V8's out-of-memory report and the "its stderr ends with" tail of error messages.
 */

/** A child's exit as Node reports it: a code, or the signal that killed it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Lines of a child's stderr quoted at the end of an error message. */
const QUOTED_STDERR_LINES = 5;

/** What V8 prints when a heap limit is hit. */
const OOM_PATTERN = /heap out of memory|Allocation failed - JavaScript heap|FATAL ERROR: .*(Reached heap limit|Ineffective mark-compacts)/i;

/** `exit code 1` or `killed by SIGKILL`. */
export function describeExit(exit: ChildExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exit code ${exit.code}`;
}

/** True for a line of V8's out-of-memory report. */
export function isOutOfMemoryLine(line: string): boolean {
  return OOM_PATTERN.test(line);
}

/** `; its stderr ends with:` and the last non-blank lines of `stderrTail`, indented; empty when there are none. */
export function stderrEnding(stderrTail: readonly string[]): string {
  const tail = stderrTail.filter((line) => line.trim() !== '').slice(-QUOTED_STDERR_LINES);
  return tail.length ? `; its stderr ends with:\n  ${tail.join('\n  ')}` : '';
}
