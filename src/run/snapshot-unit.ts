/** A process a heap snapshot is asked of, as the snapshot book sees it (its own file: side-process.ts and command-side.ts both use it). */
import type { ToChild } from '../ipc/messages.js';
import type { Role } from '../scenario/types.js';

/** One process a heap snapshot is asked of: a side's only process, or one process of a program's tree. */
export interface SnapshotUnit {
  role: Role;
  /** With `label`: the process of a program's tree (a cluster's worker); absent for a side of one process. */
  pid?: number;
  label?: string;
  send(message: ToChild): void;
}

