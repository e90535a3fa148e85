/**
 * A full disk, named: recognising ENOSPC/EDQUOT, turning it into SOAK_DISK_FULL "disk full at <path>",
 * and the reserve file that keeps room for summary.json when the disk fills up mid-run.
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE, SUMMARY_RESERVE_BYTES } from '../constants.js';
import { SoakError } from '../errors.js';

/** The hidden file that holds the reserve; deleted before summary.json is written. */
export const RESERVE_FILE = '.ws-soak-reserve';

/** True for "no space left on device" and "disk quota exceeded". */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** The SoakError for a write to `path` that found the disk full. */
export function diskFullError(path: string, cause?: unknown): SoakError {
  return new SoakError(
    'SOAK_DISK_FULL',
    `disk full at ${path}: no space left on the run folder's disk. Free some space or point --out / --reports-dir at a larger disk; ` +
      'the samples until then are kept',
    { cause },
  );
}

/**
 * Fills `RESERVE_FILE` in `dir` with SUMMARY_RESERVE_BYTES of zeros (written, so even tmpfs counts it).
 * Returns false when the disk has not even that much room (the run goes on; the summary may then fail).
 */
export function reserveSpace(dir: string, bytes = SUMMARY_RESERVE_BYTES): boolean {
  const path = join(dir, RESERVE_FILE);
  let fd: number | null = null;
  try {
    fd = openSync(path, 'w', PRIVATE_FILE_MODE);
    const block = Buffer.alloc(Math.min(bytes, 64 * 1024));
    for (let written = 0; written < bytes; ) written += writeSync(fd, block, 0, Math.min(block.length, bytes - written));
    return true;
  } catch {
    releaseSpace(dir);
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Deletes the reserve, so what comes next (summary.json) can use the room. */
export function releaseSpace(dir: string): void {
  try {
    unlinkSync(join(dir, RESERVE_FILE));
  } catch {
    // Never made, or already released.
  }
}
