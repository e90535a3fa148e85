/**
 * What the CLI says when a command fails, and the exit code: a person's mistake gets its message
 * and a pointer to `--verbose`/`--help`; a bug in ws-soak (SOAK_INTERNAL or a plain Error) says so,
 * and shows its stack with `--verbose`.
 */
import { EXIT, isSoakError } from './errors.js';

/** The stack of `error` and of each `cause` below it, as far as they are Errors. */
function stacks(error: Error): string {
  const lines = [error.stack ?? error.message];
  if (error.cause instanceof Error) lines.push(`caused by: ${stacks(error.cause)}`);
  return lines.join('\n');
}

/** The text for stderr (ending in a newline) and the exit code for a failed command. */
export function failureMessage(error: unknown, verbose: boolean): { text: string; exitCode: number } {
  if (isSoakError(error) && error.code !== 'SOAK_INTERNAL') {
    let text = `ws-soak: ${error.message}\n`;
    if (verbose && error.cause instanceof Error) text += `${error.cause.stack ?? ''}\n`;
    else if (!verbose) text += '(run with --verbose for details, or --help for usage)\n';
    return { text, exitCode: error.exitCode };
  }
  const message = error instanceof Error ? error.message : String(error);
  let text = `ws-soak: internal error: ${message}\n`;
  if (verbose && error instanceof Error) text += `${stacks(error)}\n`;
  else text += 'This is a bug in ws-soak; run with --verbose and report the stack trace.\n';
  return { text, exitCode: EXIT.error };
}
