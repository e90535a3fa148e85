/** The words for a child's exit, shared by start-up failures and crashes. */
import { describe, expect, it } from 'vitest';
import { describeExit, isOutOfMemoryLine, stderrEnding } from '../../src/model/child-exit.js';

describe('child exit', () => {
  it('describes an exit by its signal, else its code', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('killed by SIGKILL');
    expect(describeExit({ code: 1, signal: null })).toBe('exit code 1');
  });

  it("recognises V8's out-of-memory report, and not an ordinary error line", () => {
    expect(isOutOfMemoryLine('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')).toBe(true);
    expect(isOutOfMemoryLine('FATAL ERROR: Ineffective mark-compacts near heap limit')).toBe(true);
    expect(isOutOfMemoryLine('Error: connect ECONNREFUSED 127.0.0.1:80')).toBe(false);
  });

  it('quotes the last five non-blank stderr lines, or nothing', () => {
    const lines = ['one', '', 'two', 'three', '  ', 'four', 'five', 'six'];
    expect(stderrEnding(lines)).toBe('; its stderr ends with:\n  two\n  three\n  four\n  five\n  six');
    expect(stderrEnding(['', '   '])).toBe('');
    expect(stderrEnding([])).toBe('');
  });
});
