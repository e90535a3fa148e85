/**
 * The run folder: where a run leaves everything it measured. Created owner-only, never
 * reused, with samples appended line by line as they arrive so a crash loses at most one.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../constants.js';
import { SoakError } from '../errors.js';
import type { Sample } from '../model/sample.js';

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
 * else `reports/<name>-<UTC stamp>/` with a numeric suffix if that already exists.
 */
export function createRunFolder(options: { out?: string; reportsDir: string; name: string; now: Date }): string {
  if (options.out) {
    const dir = resolve(options.out);
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      throw new SoakError(
        'SOAK_OUT_DIR',
        `--out ${options.out}: the folder is not empty; ws-soak never overwrites a run. Choose a new folder or empty this one.`,
      );
    }
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    return dir;
  }
  const base = join(resolve(options.reportsDir), `${safeName(options.name)}-${utcStamp(options.now)}`);
  mkdirSync(resolve(options.reportsDir), { recursive: true });
  for (let attempt = 1; attempt < 1000; attempt++) {
    const dir = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      // Without `recursive`, mkdir fails if the folder exists: that is what makes it ours alone.
      mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new SoakError('SOAK_OUT_DIR', `${dir}: cannot create the run folder (${(error as Error).message})`);
      }
    }
  }
  throw new SoakError('SOAK_OUT_DIR', `${base}: too many runs with this name in the same second`);
}

export function writePrivateFile(path: string, content: string): void {
  writeFileSync(path, content, { mode: PRIVATE_FILE_MODE });
}

/** Appends samples to `samples.ndjson`, one JSON object per line, as each arrives. */
export class SamplesFile {
  private fd: number | null;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a', PRIVATE_FILE_MODE);
  }

  append(sample: Sample): void {
    if (this.fd === null) return;
    writeSync(this.fd, JSON.stringify(sample) + '\n');
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
