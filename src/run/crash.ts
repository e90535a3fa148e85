/** Turns a child's unexpected exit into an error a person can act on. */
import type { Role } from '../scenario/types.js';
import { describeExit, type ChildExit } from './child-process.js';
import type { RunError } from './run-record.js';

/** What V8 prints when a heap limit is hit. */
const OOM_PATTERN = /heap out of memory|Allocation failed - JavaScript heap|FATAL ERROR: .*(Reached heap limit|Ineffective mark-compacts)/i;

export function isOutOfMemoryLine(line: string): boolean {
  return OOM_PATTERN.test(line);
}

export function describeCrash(role: Role, exit: ChildExit, stderrTail: string[], underTest: boolean, sawOutOfMemory: boolean): RunError {
  // A SIGKILL may be the kernel's OOM killer, but nothing proves it: only V8's own report counts.
  const outOfMemory = sawOutOfMemory || stderrTail.some(isOutOfMemoryLine);
  const who = underTest ? `the ${role} process under test` : `the harness's ${role} process`;
  const what = outOfMemory ? 'ran out of memory' : `exited during the run (${describeExit(exit)})`;
  const tail = stderrTail.filter((line) => line.trim() !== '').slice(-5);
  const message =
    `${who} ${what}` +
    (outOfMemory ? ': that is a leak finding — see the samples and snapshots taken until then' : '') +
    (tail.length ? `; its stderr ends with:\n  ${tail.join('\n  ')}` : '');
  return { code: 'SOAK_TARGET_CRASHED', message, role, exit, stderrTail, outOfMemory };
}
