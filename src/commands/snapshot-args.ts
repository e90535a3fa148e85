/**
 * What `inspect` and `diff` were given: snapshot files, or a run folder, which stands for its
 * snapshots of the process under test in cycle order (`diff`) or the last of them (`inspect`).
 * With both processes under test, the failing one's (from summary.json), else the client's.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SoakError } from '../errors.js';
import { cycleInSnapshotName, RUN_FILES, snapshotFilesIn } from '../run-folder/layout.js';
import { pidInSnapshotName } from '../run/snapshot-book.js';

/** The snapshot files to read, and a line saying which a run folder stood for (null for plain files). */
export interface SnapshotArgs {
  files: string[];
  note: string | null;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

interface Whose {
  role: string | null;
  /** The failing process of a side of several (a cluster's worker), when summary.json names one. */
  pid: number | null;
}

/** The role whose snapshots a run folder stands for: the failing one, else the client, else the server; null for other tools' names. */
function whoseOf(dir: string, present: string[]): Whose {
  try {
    const summary = JSON.parse(readFileSync(join(dir, RUN_FILES.summary), 'utf8')) as { processes?: Array<{ role: string; verdict: string; pid?: number }> };
    const failing = summary.processes?.find((p) => p.verdict === 'fail');
    if (failing) return { role: failing.role, pid: failing.pid ?? null };
  } catch {
    // No summary (a run still going, or one from elsewhere): go by the files.
  }
  return { role: ['client', 'server'].find((role) => present.some((f) => f.startsWith(`${role}-`))) ?? null, pid: null };
}

/**
 * One process's files: a side of several processes (a cluster) has snapshots of each, and a diff
 * across two workers' heaps would show one worker's objects "growing" into another's. The failing
 * process's, else the first process's in name order.
 */
function oneProcess(files: string[], wantedPid: number | null): { files: string[]; pid: number | null } {
  const pids = [...new Set(files.map(pidInSnapshotName).filter((p): p is number => p !== null))];
  if (pids.length <= 1) return { files, pid: null };
  const pid = wantedPid !== null && pids.includes(wantedPid) ? wantedPid : (pidInSnapshotName([...files].sort()[0] as string) ?? (pids[0] as number));
  return { files: files.filter((f) => pidInSnapshotName(f) === pid), pid };
}

/** A run folder's snapshots of one process, in cycle order (by name where a name records no cycle). */
function folderSnapshots(dir: string): { whose: string; files: string[] } {
  const all = snapshotFilesIn(dir);
  if (all.length === 0) {
    throw new SoakError(
      'SOAK_RUN_DIR_INVALID',
      `${dir}: no .heapsnapshot files in this run folder (it ran with --no-snapshots or snapshots: false); run again with snapshots, or name snapshot files`,
    );
  }
  const { role, pid: wantedPid } = whoseOf(dir, all);
  const ofRole = role === null ? all : all.filter((f) => f.startsWith(`${role}-`));
  const { files: mine, pid } = oneProcess(ofRole, wantedPid);
  const files = mine.sort((a, b) => (cycleInSnapshotName(a) ?? 0) - (cycleInSnapshotName(b) ?? 0) || a.localeCompare(b));
  const whose = role === null ? 'its' : pid === null ? `the ${role}'s` : `the ${role} process ${pid}'s`;
  return { whose, files: files.map((f) => join(dir, f)) };
}

/** The files `diff` compares: each run folder replaced by its snapshots, in cycle order. */
export function diffFiles(args: string[]): SnapshotArgs {
  const files: string[] = [];
  const notes: string[] = [];
  for (const arg of args) {
    if (!isFolder(arg)) {
      files.push(arg);
      continue;
    }
    const found = folderSnapshots(arg);
    files.push(...found.files);
    notes.push(`${arg}: ${found.whose} ${found.files.length} snapshots in cycle order (${found.files.map((f) => basename(f)).join(', ')})`);
  }
  if (files.length < 2) {
    const hint = notes.length ? `; ${notes.join('; ')} — a diff needs two or more (raise snapshots.keep, or snapshots.every)` : '';
    throw new SoakError('SOAK_USAGE', `diff needs at least two snapshots, got ${files.length}${hint}`);
  }
  return { files, note: notes.length ? `diff of ${notes.join('; ')}` : null };
}

/** The file `inspect` reads: a run folder stands for its last snapshot of the process under test. */
export function inspectFile(arg: string): SnapshotArgs {
  if (!isFolder(arg)) return { files: [arg], note: null };
  const found = folderSnapshots(arg);
  const last = found.files[found.files.length - 1] as string;
  return { files: [last], note: `inspect of ${arg}: ${found.whose} last snapshot, ${basename(last)}` };
}
