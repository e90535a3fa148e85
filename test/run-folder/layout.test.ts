/** The run folder's names: what the run writes is what the readers find. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cycleInSnapshotName, logFileName, RUN_FILES, snapshotFileName, snapshotFilesIn } from '../../src/run-folder/layout.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('run folder layout', () => {
  it('names the fixed files as the README and older run folders do', () => {
    expect(RUN_FILES).toEqual({
      scenario: 'scenario.json',
      samples: 'samples.ndjson',
      summary: 'summary.json',
      reportHtml: 'report.html',
      junit: 'junit.xml',
      summaryMd: 'summary.md',
      chart: 'chart.txt',
    });
    expect(logFileName('server')).toBe('server.log');
  });

  it('names a snapshot by role, sequence and cycle, and reads the cycle back', () => {
    const name = snapshotFileName('client', 3, 1200);
    expect(name).toBe('client-3-c1200.heapsnapshot');
    expect(cycleInSnapshotName(name)).toBe(1200);
    expect(cycleInSnapshotName('cycle-40.heapsnapshot')).toBe(40);
    expect(cycleInSnapshotName('before.heapsnapshot')).toBeNull();
  });

  it('lists the snapshot files of a folder sorted by name, and none of a folder that is not there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-soak-layout-'));
    dirs.push(dir);
    for (const file of [snapshotFileName('server', 2, 50), snapshotFileName('client', 1, 10), RUN_FILES.summary, 'notes.heapsnapshot.txt']) {
      writeFileSync(join(dir, file), '');
    }
    expect(snapshotFilesIn(dir)).toEqual(['client-1-c10.heapsnapshot', 'server-2-c50.heapsnapshot']);
    expect(snapshotFilesIn(join(dir, 'missing'))).toEqual([]);
  });
});
