import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/run-folder/atomic-write.js';
import { tempDir } from '../helpers/run-cli.js';

describe('writeFileAtomic', () => {
  it('replaces a file whole, mode 0600 even over a 0644 one, and leaves no temp file', () => {
    const dir = tempDir();
    const path = join(dir, 'report.html');
    writeFileSync(path, 'old');
    chmodSync(path, 0o644);
    writeFileAtomic(path, 'new text');
    expect(readFileSync(path, 'utf8')).toBe('new text');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('a rename that fails leaves the target as it was and no temp file', () => {
    const dir = tempDir();
    // The target is a folder that is not empty: the text is written to the temp file, then the rename fails.
    const path = join(dir, 'summary.json');
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), 'kept');
    expect(() => writeFileAtomic(path, '{"new":true}')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readFileSync(join(path, 'inside'), 'utf8')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['summary.json']);
  });
});
