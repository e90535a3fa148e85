/** What the CLI prints for a failed command: a person's mistake, or a bug in ws-soak with its stack under --verbose. */
import { describe, expect, it } from 'vitest';
import { EXIT, SoakError } from '../src/errors.js';
import { failureMessage } from '../src/failure-message.js';

describe('failureMessage', () => {
  it('gives a usage mistake its message, the --help pointer and exit 2', () => {
    const { text, exitCode } = failureMessage(new SoakError('SOAK_SCENARIO_READ', 'x.yaml: no such file'), false);
    expect(text).toBe('ws-soak: x.yaml: no such file\n(run with --verbose for details, or --help for usage)\n');
    expect(exitCode).toBe(EXIT.usage);
  });

  it('shows the cause of a SoakError with --verbose, and no --help pointer', () => {
    const cause = new Error('EACCES');
    const { text, exitCode } = failureMessage(new SoakError('SOAK_START_FAILED', 'could not listen', { cause }), true);
    expect(text).toBe(`ws-soak: could not listen\n${cause.stack}\n`);
    expect(exitCode).toBe(EXIT.error);
  });

  it('calls a SOAK_INTERNAL error a bug in ws-soak, without pointing to --help', () => {
    const { text, exitCode } = failureMessage(new SoakError('SOAK_INTERNAL', 'ModePicker needs at least one mode, got none'), false);
    expect(text).toBe(
      'ws-soak: internal error: ModePicker needs at least one mode, got none\n' +
        'This is a bug in ws-soak; run with --verbose and report the stack trace.\n',
    );
    expect(exitCode).toBe(EXIT.error);
  });

  it('prints the stack of a SOAK_INTERNAL error, and of its cause, with --verbose', () => {
    const cause = new TypeError('undefined is not a function');
    const error = new SoakError('SOAK_INTERNAL', 'diff kept no graph', { cause });
    const { text, exitCode } = failureMessage(error, true);
    expect(text).toBe(`ws-soak: internal error: diff kept no graph\n${error.stack}\ncaused by: ${cause.stack}\n`);
    expect(text).toContain('SoakError: diff kept no graph\n    at ');
    expect(exitCode).toBe(EXIT.error);
  });

  it('treats a plain Error as a bug too, with its stack under --verbose', () => {
    const error = new RangeError('bad index');
    expect(failureMessage(error, false).text).toBe('ws-soak: internal error: bad index\nThis is a bug in ws-soak; run with --verbose and report the stack trace.\n');
    expect(failureMessage(error, true)).toEqual({ text: `ws-soak: internal error: bad index\n${error.stack}\n`, exitCode: EXIT.error });
    expect(failureMessage('a string', false).text).toContain('ws-soak: internal error: a string\n');
  });
});
