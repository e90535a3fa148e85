/**
 * The run folder: where a run leaves everything it measured. Created owner-only, never
 * reused, with samples appended line by line as they arrive so a crash loses at most one.
 */
import { chmodSync, closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../constants.js';
import { SoakError } from '../errors.js';
import type { Sample } from '../model/sample.js';
import { writeFileAtomic } from './atomic-write.js';
import { diskFullError, isDiskFull } from './disk-full.js';
import { makeFolder, prepareOutDir, prepareReportsDir } from './out-dir.js';

/** `20261124T013600Z`: sortable, and safe in a file name on every system. */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** A name made safe for a folder: scenario names come from user files. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '').slice(0, 80) || 'run';
}

/**
 * Creates the folder for a run: exactly `out` when given (it must not hold anything),
 * else `reports/<name>-<UTC stamp>/` with a numeric suffix if that already exists. Owner-only (0700).
 *
 * @throws SoakError `SOAK_OUT_DIR` saying what is wrong with the path, `SOAK_DISK_FULL`
 */
export function createRunFolder(options: { out?: string; reportsDir: string; name: string; now: Date }): string {
  if (options.out) return prepareOutDir(options.out);
  const parent = prepareReportsDir(options.reportsDir);
  const base = join(parent, `${safeName(options.name)}-${utcStamp(options.now)}`);
  for (let attempt = 1; attempt < 1000; attempt++) {
    const dir = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      // Without `recursive`, mkdir fails if the folder exists: that is what makes it ours alone.
      makeFolder(dir, '--reports-dir', { recursive: false });
      chmodSync(dir, PRIVATE_DIR_MODE);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new SoakError('SOAK_OUT_DIR', `${base}: too many runs with this name in the same second`);
}

/** Writes a file of the run folder atomically (temp file + rename), mode 0600. */
export function writePrivateFile(path: string, content: string): void {
  writeFileAtomic(path, content);
}

/**
 * Appends samples to `samples.ndjson`, one JSON object per line, as each arrives. A write that fails
 * (a full disk) is undone back to the last complete line, so the file always parses; after that the
 * file takes no more lines and `failure` says why.
 */
export class SamplesFile {
  private fd: number | null;
  /** Bytes of complete lines in the file. */
  private size = 0;
  /** The write that failed, once one has. */
  failure: SoakError | Error | null = null;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'a', PRIVATE_FILE_MODE);
    } catch (error) {
      if (isDiskFull(error)) throw diskFullError(path, error);
      throw error;
    }
  }

  /** Appends one line; false when it could not be written (see `failure`). */
  append(sample: Sample): boolean {
    if (this.fd === null) return false;
    const line = Buffer.from(JSON.stringify(sample) + '\n', 'utf8');
    try {
      for (let offset = 0; offset < line.length; ) offset += writeSync(this.fd, line, offset, line.length - offset);
      this.size += line.length;
      return true;
    } catch (error) {
      this.failure = isDiskFull(error) ? diskFullError(this.path, error) : (error as Error);
      // Cut the half-written line: a reader must never meet a cut line.
      try {
        ftruncateSync(this.fd, this.size);
      } catch {
        // Truncating frees space, so it does not fail for a full disk; nothing more to do.
      }
      this.close();
      return false;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
