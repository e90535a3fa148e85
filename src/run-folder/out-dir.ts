/**
 * Making the run folder, with every file-system refusal told as a usage error (SOAK_OUT_DIR, exit 2)
 * that says what is wrong with the path: a file in the way, a read-only or forbidden folder, a folder
 * that is not empty. Never "internal error", never a misleading ENOENT.
 */
import { accessSync, chmodSync, constants, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PRIVATE_DIR_MODE } from '../constants.js';
import { SoakError } from '../errors.js';
import { diskFullError, isDiskFull } from './disk-full.js';

/** The first existing path on the way from `path` up to the root, and what it is. */
function nearestExisting(path: string): { path: string; isDirectory: boolean } {
  for (let current = path; ; current = dirname(current)) {
    try {
      return { path: current, isDirectory: statSync(current).isDirectory() };
    } catch {
      if (dirname(current) === current) return { path: current, isDirectory: true };
    }
  }
}

/** The error code access(2) gives for writing into `dir`, or null when it may be written. */
function accessCode(dir: string): string | null {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? null;
  }
}

/** What is wrong with `dir` as a place for a new folder, from the error mkdir gave. */
function whyNot(dir: string, error: NodeJS.ErrnoException): string {
  const existing = nearestExisting(dir);
  if (existing.path === dir && !existing.isDirectory) return `${dir} is a file, not a folder`;
  if (!existing.isDirectory) return `${existing.path} is a file, so no folder can be made under it`;
  // Recursive mkdir reports a read-only or forbidden parent as ENOENT: ask the parent itself.
  const code = accessCode(existing.path) ?? error.code;
  if (code === 'EROFS') return `${existing.path} is on a read-only file system`;
  if (code === 'EACCES' || code === 'EPERM') return `no permission to create a folder in ${existing.path}`;
  return `cannot create it (${error.code ?? error.message})`;
}

/** `mkdir` that turns a refusal into SOAK_OUT_DIR naming `label` (the flag) and the path. */
export function makeFolder(dir: string, label: string, options: { recursive: boolean }): void {
  try {
    mkdirSync(dir, { recursive: options.recursive, mode: PRIVATE_DIR_MODE });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EEXIST' && !options.recursive && statSync(dir).isDirectory()) throw error;
    if (isDiskFull(e)) throw diskFullError(dir, e);
    throw new SoakError('SOAK_OUT_DIR', `${label} ${dir}: ${whyNot(dir, e)}. Choose another folder.`, { cause: e });
  }
}

/** Checks a folder can be written (as far as access(2) tells; root passes, a read-only mount does not). */
function checkWritable(dir: string, label: string): void {
  const code = accessCode(dir);
  if (code === null) return;
  const what = code === 'EROFS' ? 'is on a read-only file system' : 'is not writable (permission denied)';
  throw new SoakError('SOAK_OUT_DIR', `${label} ${dir}: the folder ${what}. Choose another folder.`);
}

/**
 * Makes `--out` exactly (it may exist only as an empty folder), owner-only (0700) even when it
 * existed with another mode.
 */
export function prepareOutDir(out: string): string {
  const dir = resolve(out);
  let existing: ReturnType<typeof statSync> | null = null;
  try {
    existing = statSync(dir);
  } catch {
    existing = null;
  }
  if (existing && !existing.isDirectory()) {
    throw new SoakError('SOAK_OUT_DIR', `--out ${out}: ${dir} is a file, not a folder. Choose a new folder.`);
  }
  if (existing && readdirSync(dir).length > 0) {
    throw new SoakError('SOAK_OUT_DIR', `--out ${out}: the folder is not empty; ws-soak never overwrites a run. Choose a new folder or empty this one.`);
  }
  if (!existing) makeFolder(dir, '--out', { recursive: true });
  checkWritable(dir, '--out');
  // mkdir leaves an existing folder's mode alone, and the umask trims a new one: set it.
  chmodSync(dir, PRIVATE_DIR_MODE);
  return dir;
}

/** Makes the parent of timestamped run folders (--reports-dir) if needed, and checks it can be written. */
export function prepareReportsDir(reportsDir: string): string {
  const dir = resolve(reportsDir);
  makeFolder(dir, '--reports-dir', { recursive: true });
  checkWritable(dir, '--reports-dir');
  return dir;
}
