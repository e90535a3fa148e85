/**
 * Issue 14 item 4: a full disk at any point of a run, on a real tmpfs. The samples stay whole (no
 * cut line, `ws-soak report` reads them), a partial snapshot is deleted, summary.json says "disk
 * full at <path>" (it was kept in memory and written last into the space reserved for it), exit 3;
 * never an uncaught ENOSPC, never exit 1. Skipped, saying why, where tmpfs cannot be mounted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForExit } from '../helpers/processes.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { faultScenario, MOUNT_UNAVAILABLE, mountTmpfs, readJson, sampleLines, snapshotFiles, startCli, waitFor } from './fault-helpers.js';

const mounts: Array<{ unmount(): void }> = [];
afterEach(() => {
  for (const m of mounts.splice(0)) m.unmount();
});

function expectNoStack(stderr: string): void {
  expect(stderr).not.toContain('internal error');
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe.skipIf(MOUNT_UNAVAILABLE !== null)('a full disk (tmpfs)', () => {
  it('fills up mid-run: samples kept to the last whole line, summary says where, exit 3, the folder stays readable', async () => {
    const disk = mountTmpfs('20m');
    mounts.push(disk);
    const dir = tempDir();
    const out = join(disk.dir, 'run');
    const file = faultScenario(dir, 'disk-fills', 'snapshots: false\n');
    const cli = startCli(['run', file, '--out', out]);
    await waitFor('a few samples', () => {
      try {
        return sampleLines(out).length >= 4;
      } catch {
        return false;
      }
    });
    disk.shrink(0);
    const { code } = await cli.exited;
    expectNoStack(cli.stderr());
    expect(code).toBe(3);
    expect(cli.stderr()).toContain(`disk full at ${join(out, 'samples.ndjson')}`);
    const summary = readJson(join(out, 'summary.json'));
    expect(summary.verdict).toBe('error');
    expect(summary.error.code).toBe('SOAK_DISK_FULL');
    expect(summary.error.message).toMatch(new RegExp(`^disk full at ${out}/samples\\.ndjson: no space left`));
    const kept = sampleLines(out);
    expect(kept.length).toBeGreaterThanOrEqual(4);
    // Give the disk room again: the run folder is a valid one.
    disk.shrink(10 * 1024 * 1024);
    const report = await runCli(['report', out]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain(`wrote ${join(out, 'report.html')}`);
    expect(await waitForExit(Object.values(summary.pids) as number[])).toEqual([]);
  });

  it('nearly full before the run (8 KiB free): disk full at once, exit 3, no stack', async () => {
    const disk = mountTmpfs('20m');
    mounts.push(disk);
    const dir = tempDir();
    const out = join(disk.dir, 'run');
    const file = faultScenario(dir, 'disk-full-early', 'snapshots: false\n');
    writeFileSync(join(disk.dir, 'filler'), Buffer.alloc(1024 * 1024));
    disk.shrink(8 * 1024);
    const result = await runCli(['run', file, '--out', out]);
    expectNoStack(result.stderr);
    expect(result.code).toBe(3);
    // Said once, as the verdict line (the error is the verdict's reason).
    expect(result.stderr).toMatch(new RegExp(`verdict: ERROR — disk full at ${out}(/[a-z.]+)?: no space left on the run folder's disk`));
    expect(result.stderr).toContain(`the reports were not written (the disk is full); once there is room: ws-soak report ${out}`);
    // The reports stood back so the summary fits.
    const summary = readJson(join(out, 'summary.json'));
    expect(summary.verdict).toBe('error');
    expect(summary.error.code).toBe('SOAK_DISK_FULL');
  });

  it('fills up while a heap snapshot is written: the partial snapshot deleted, disk full at the snapshot, exit 3', async () => {
    // Large enough that the snapshot guard lets a snapshot start; tmpfs takes memory only for what is written.
    const disk = mountTmpfs('400m');
    mounts.push(disk);
    const dir = tempDir();
    const out = join(disk.dir, 'run');
    const file = faultScenario(dir, 'disk-full-snapshot', 'snapshots:\n  every: 2s\n');
    // Enough objects that V8 spends seconds building the graph before it writes: the disk shrinks meanwhile.
    const cli = startCli(['run', file, '--out', out], { FAULT_OBJECTS: '1000000' });
    const [snapshot] = await waitFor('a snapshot being written', () => snapshotFiles(out).length > 0 && snapshotFiles(out), 60_000);
    disk.shrink(64 * 1024);
    const { code } = await cli.exited;
    expectNoStack(cli.stderr());
    const summary = readJson(join(out, 'summary.json'));
    expect(summary.error?.message, JSON.stringify(summary.error)).toContain(`disk full at ${join(out, snapshot!)}`);
    expect(summary.error.code).toBe('SOAK_DISK_FULL');
    expect(code).toBe(3);
    expect(summary.snapshotFailures[0].message).toContain('ENOSPC');
    expect(snapshotFiles(out)).toEqual([]);
    expect(sampleLines(out).length).toBeGreaterThan(0);
    expect(await waitForExit(Object.values(summary.pids) as number[])).toEqual([]);
  });
});
