/** A side of a run as the run handles it: a forked ws-soak child, or the user's own program. */
import type { SoakChild } from '../ipc/child-process.js';
import type { AttachedSide } from '../attach/attached-side.js';
import type { CommandSide } from './command-side.js';
import type { SnapshotUnit } from './snapshot-unit.js';

export type { SnapshotUnit } from './snapshot-unit.js';

export type SideProcess = SoakChild | CommandSide;

/** What samples and snapshots: a side the run started, or a running server ws-soak attached to (`server.attach`). */
export type SnapshotTarget = SideProcess | AttachedSide;

/** Heap snapshots can be asked of it: a forked child always; a program once a Node process of it took part. */
export function canSnapshot(side: SnapshotTarget): boolean {
  return !('canSnapshot' in side) || side.canSnapshot;
}

/** The processes of `side` to snapshot at a schedule point: each Node process of a program that took part, else the side itself. */
export function snapshotUnits(side: SnapshotTarget): SnapshotUnit[] {
  if ('snapshotUnits' in side) return side.snapshotUnits();
  return [{ role: side.role, send: (message) => side.send(message) }];
}
