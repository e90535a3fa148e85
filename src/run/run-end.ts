/**
 * How a run winds down: pending snapshots waited for (watching for stalls) or abandoned, then each
 * child stopped in order, forced if it does not heed `stop`, and its process group emptied of what
 * the module under test left behind.
 */
import { CHILD_STOP_TIMEOUT_MS, LEFTOVER_KILL_GRACE_MS, SNAPSHOT_PROGRESS_POLL_MS } from '../constants.js';
import type { SoakChild } from '../ipc/child-process.js';
import type { SideProcess, SnapshotTarget } from './side-process.js';
import type { ChildRole } from '../ipc/messages.js';
import type { Reaper } from '../ipc/reaper.js';
import type { RunError } from '../model/run-record.js';
import type { Role } from '../scenario/types.js';
import type { SnapshotBook, StalledSnapshot } from './snapshot-book.js';

/** The hang a stalled snapshot means, in words a person can act on. */
export function snapshotHangError(stall: StalledSnapshot): RunError & { role: Role } {
  const seconds = (stall.stalledMs / 1000).toFixed(1);
  const what =
    stall.bytes === null
      ? `never began writing it: no file ${seconds} s after the request (a snapshot of its heap begins within ${(stall.boundMs / 1000).toFixed(0)} s)`
      : `wrote nothing more for ${seconds} s, the file at ${stall.bytes} bytes (a snapshot of its heap gets ${(stall.boundMs / 1000).toFixed(0)} s without progress)`;
  return {
    code: 'SOAK_TARGET_HUNG',
    role: stall.role,
    message:
      `the ${stall.role} process under test stopped answering while asked for heap snapshot ${stall.file}: it ${what}. Its event loop is blocked or V8 is stuck — ` +
      'a busy loop or a long synchronous call in the code under test. It was killed; the samples until then are kept.',
  };
}

/**
 * Waits up to `limitMs` for pending snapshots, telling `onStall` of one that stops making progress.
 * What is still pending then is abandoned: its process killed (it cannot hear `stop` while V8
 * writes) and the partial file deleted. A timer holds the process open meanwhile: an emptied event
 * loop must never end a run by itself.
 */
export async function drainSnapshots(
  book: SnapshotBook,
  children: readonly SnapshotTarget[],
  options: { limitMs: number; interrupted: boolean; onStall: (stall: StalledSnapshot) => void },
): Promise<void> {
  const deadline = Date.now() + options.limitMs;
  while (book.busy && Date.now() < deadline) {
    await book.drain(Math.min(SNAPSHOT_PROGRESS_POLL_MS, deadline - Date.now()));
    const stalled = book.stalled(Date.now());
    if (stalled) options.onStall(stalled);
  }
  for (const role of book.pendingRoles()) {
    children.find((c) => c.role === role)?.kill();
    book.abandon(role, options.interrupted ? 'the run was interrupted while it was being written' : 'still being written when the run ended');
  }
}

/** What it took to stop a child that did not heed `stop`, in words; null when it stopped when asked. */
export function forcedStopMessage(child: SideProcess, underTest: boolean): string | null {
  if (!child.forcedStop) return null;
  const who = underTest ? `the ${child.role} process under test` : `the harness's ${child.role} process`;
  return (
    `${who} did not stop within ${CHILD_STOP_TIMEOUT_MS / 1000} s of being asked (its stop() never returned, or its event loop is blocked); ` +
    `it was sent SIGTERM${child.forcedStop === 'SIGKILL' ? `, ignored it, and was killed with SIGKILL ${LEFTOVER_KILL_GRACE_MS / 1000} s later` : ''}. ` +
    'The samples until then are kept.'
  );
}

/**
 * Stops `child` (forcing it if it does not heed `stop`; see `forcedStopMessage`) and ends what its
 * group still holds, warning when the module under test left processes behind.
 */
export async function stopChild(child: SoakChild<ChildRole> | SideProcess, reaper: Reaper | null, warn: (text: string) => void): Promise<void> {
  await child.stop();
  const left = await child.endGroup();
  if (child.pid !== undefined) reaper?.forget(child.pid);
  if (left.length > 0) {
    const list = left.map((p) => `${p.pid} (${p.name})`).join(', ');
    warn(
      `the ${child.role} side left ${left.length} process${left.length === 1 ? '' : 'es'} behind in its process group: ${list}; ` +
        'ws-soak ended them. A module under test should stop what it spawns in stop().',
    );
  }
}
