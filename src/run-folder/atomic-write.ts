/**
 * Writes a file so readers see the old version or the whole new one, never a cut one: the text goes
 * to a temp file next to it (owner-only), is flushed, then renamed over the target. A failed write
 * leaves the old file and no temp file; a full disk becomes SOAK_DISK_FULL.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../constants.js';
import { diskFullError, isDiskFull } from './disk-full.js';

/** `.summary.json.tmp-<pid>`: hidden, and never a name a run folder uses. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Not there: nothing to remove.
  }
}

/**
 * Replaces `path` with `content`, mode 0600 whatever mode an earlier file had.
 *
 * @throws SoakError `SOAK_DISK_FULL` when the disk is full; the file-system error otherwise
 */
export function writeFileAtomic(path: string, content: string | Buffer): void {
  const temp = tempPathFor(path);
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let fd: number | null = null;
  try {
    // A stale temp file of a killed run may have another mode: start from nothing.
    removeQuietly(temp);
    fd = openSync(temp, 'wx', PRIVATE_FILE_MODE);
    // writeSync may write less than asked: loop until all of it is down.
    for (let offset = 0; offset < data.length; ) offset += writeSync(fd, data, offset, data.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    removeQuietly(temp);
    if (isDiskFull(error)) throw diskFullError(path, error);
    throw error;
  }
}
