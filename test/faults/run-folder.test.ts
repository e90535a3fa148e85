/**
 * Issue 14 items 6 and 7: `--out` mistakes are usage errors (exit 2, SOAK_OUT_DIR) that say what is
 * wrong with the path; the run folder is always 0700 and its files 0600, an existing 0755 folder
 * and a re-rendered 0644 report.html included. Item 5: reports are replaced atomically.
 */
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { MOUNT_UNAVAILABLE, mountTmpfs } from './fault-helpers.js';

const SCENARIO = 'scenarios/basic.yaml';
const mode = (path: string) => statSync(path).mode & 0o777;

const mounts: Array<{ unmount(): void }> = [];
afterEach(() => {
  for (const m of mounts.splice(0)) m.unmount();
});

async function expectOutError(out: string, message: string): Promise<void> {
  const result = await runCli(['run', SCENARIO, '--out', out, '--no-snapshots', '--duration', '2s']);
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toContain('ENOENT');
  expect(result.stderr).toContain(message);
  expect(result.code).toBe(2);
}

describe('--out mistakes are usage errors', () => {
  it('a path that is a file', async () => {
    const file = join(tempDir(), 'taken');
    writeFileSync(file, 'x');
    await expectOutError(file, `ws-soak: --out ${file}: ${file} is a file, not a folder. Choose a new folder.`);
  });

  it('a path under a file', async () => {
    const file = join(tempDir(), 'taken');
    writeFileSync(file, 'x');
    const out = join(file, 'run');
    await expectOutError(out, `ws-soak: --out ${out}: ${file} is a file, so no folder can be made under it. Choose another folder.`);
  });

  it('--reports-dir that is a file', async () => {
    const file = join(tempDir(), 'taken');
    writeFileSync(file, 'x');
    const result = await runCli(['run', SCENARIO, '--reports-dir', file, '--no-snapshots', '--duration', '2s']);
    expect(result.stderr).toContain(`ws-soak: --reports-dir ${file}: ${file} is a file, not a folder. Choose another folder.`);
    expect(result.code).toBe(2);
  });

  it.skipIf(MOUNT_UNAVAILABLE !== null && process.getuid?.() === 0)('a read-only folder', async () => {
    let parent: string;
    let why: string;
    if (MOUNT_UNAVAILABLE === null) {
      // Root ignores permission bits: a read-only mount is what stops it.
      const disk = mountTmpfs('1m', 'ro');
      mounts.push(disk);
      parent = disk.dir;
      why = 'is on a read-only file system';
    } else {
      parent = tempDir();
      chmodSync(parent, 0o555);
      why = 'no permission to create a folder in';
    }
    const out = join(parent, 'run');
    await expectOutError(out, why === 'no permission to create a folder in' ? `--out ${out}: ${why} ${parent}` : `--out ${out}: ${parent} ${why}`);
    // The folder itself, existing and empty, but not writable.
    await expectOutError(parent, `--out ${parent}: the folder ${MOUNT_UNAVAILABLE === null ? 'is on a read-only file system' : 'is not writable'}`);
  });
});

describe('owner-only run folders', () => {
  it('an existing empty 0755 --out folder becomes 0700, every file in it 0600; ws-soak report leaves 0600 over a 0644 report.html', async () => {
    const out = join(tempDir(), 'run');
    mkdirSync(out, { mode: 0o755 });
    chmodSync(out, 0o755);
    const result = await runCli(['run', SCENARIO, '--out', out, '--no-snapshots', '--duration', '2s']);
    expect(result.stderr).not.toContain('internal error');
    expect(mode(out)).toBe(0o700);
    const files = readdirSync(out);
    expect(files).toEqual(expect.arrayContaining(['summary.json', 'samples.ndjson', 'scenario.json', 'report.html', 'junit.xml', 'summary.md', 'chart.txt']));
    // No temp file or reserve is left behind.
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
    for (const file of files) expect([file, mode(join(out, file))]).toEqual([file, 0o600]);

    chmodSync(join(out, 'report.html'), 0o644);
    const report = await runCli(['report', out]);
    expect(report.code, report.stderr).toBe(0);
    expect(mode(join(out, 'report.html'))).toBe(0o600);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
