/**
 * What `inspect` and `diff` were given: snapshot files, or a run folder, which stands for its
 * snapshots of the process under test in cycle order (`diff`) or the last of them (`inspect`).
 * With both processes under test, the failing one's (from summary.json), else the client's.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SoakError } from '../errors.js';
import { cycleInSnapshotName, RUN_FILES, snapshotFilesIn } from '../run-folder/layout.js';

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

/** The role whose snapshots a run folder stands for: the failing one, else the client, else the server; null for other tools' names. */
function roleOf(dir: string, present: string[]): string | null {
  try {
    const summary = JSON.parse(readFileSync(join(dir, RUN_FILES.summary), 'utf8')) as { processes?: Array<{ role: string; verdict: string }> };
    const failing = summary.processes?.find((p) => p.verdict === 'fail');
    if (failing) return failing.role;
  } catch {
    // No summary (a run still going, or one from elsewhere): go by the files.
  }
  return ['client', 'server'].find((role) => present.some((f) => f.startsWith(`${role}-`))) ?? null;
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
  const role = roleOf(dir, all);
  const mine = role === null ? all : all.filter((f) => f.startsWith(`${role}-`));
  const files = mine.sort((a, b) => (cycleInSnapshotName(a) ?? 0) - (cycleInSnapshotName(b) ?? 0) || a.localeCompare(b));
  return { whose: role === null ? 'its' : `the ${role}'s`, files: files.map((f) => join(dir, f)) };
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
