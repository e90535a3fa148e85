/** Turns a child's unexpected exit into an error a person can act on. */
import { describeExit, isOutOfMemoryLine, stderrEnding, type ChildExit } from '../model/child-exit.js';
import type { RunError } from '../model/run-record.js';
import type { Role } from '../scenario/types.js';

export function describeCrash(role: Role, exit: ChildExit, stderrTail: string[], underTest: boolean, sawOutOfMemory: boolean): RunError {
  // A SIGKILL may be the kernel's OOM killer, but nothing proves it: only V8's own report counts.
  const outOfMemory = sawOutOfMemory || stderrTail.some(isOutOfMemoryLine);
  const who = underTest ? `the ${role} process under test` : `the harness's ${role} process`;
  const what = outOfMemory ? 'ran out of memory' : `exited during the run (${describeExit(exit)})`;
  const message =
    `${who} ${what}` +
    (outOfMemory ? ': that is a leak finding — see the samples and snapshots taken until then' : '') +
    stderrEnding(stderrTail);
  return { code: 'SOAK_TARGET_CRASHED', message, role, exit, stderrTail, outOfMemory };
}
