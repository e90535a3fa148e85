/** What a run folder stands for in `diff` and `inspect`: one process's snapshots, in cycle order. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffFiles, inspectFile } from '../../src/commands/snapshot-args.js';
import { tempDir } from '../helpers/run-cli.js';

function runFolder(files: string[], processes: Array<{ role: string; verdict: string; pid?: number }>): string {
  const dir = tempDir('ws-soak-snapshot-args-');
  for (const f of files) writeFileSync(join(dir, f), '{}');
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ processes }));
  return dir;
}

describe('a run folder given to diff', () => {
  it("stands for the failing role's snapshots in cycle order", () => {
    const dir = runFolder(['client-2-c400.heapsnapshot', 'client-10-c2000.heapsnapshot', 'server-1-c200.heapsnapshot', 'client-1-c200.heapsnapshot'], [
      { role: 'client', verdict: 'fail' },
    ]);
    expect(diffFiles([dir]).files.map((f) => f.slice(dir.length + 1))).toEqual(['client-1-c200.heapsnapshot', 'client-2-c400.heapsnapshot', 'client-10-c2000.heapsnapshot']);
  });

  it("of a cluster, stands for the failing worker's snapshots alone, never a mix of two workers' heaps", () => {
    const files = [
      'server-worker1-pid101-1-c200.heapsnapshot',
      'server-worker2-pid102-1-c200.heapsnapshot',
      'server-worker1-pid101-2-c400.heapsnapshot',
      'server-worker2-pid102-2-c400.heapsnapshot',
    ];
    const dir = runFolder(files, [
      { role: 'server', verdict: 'pass', pid: 101 },
      { role: 'server', verdict: 'fail', pid: 102 },
    ]);
    const diff = diffFiles([dir]);
    expect(diff.files.map((f) => f.slice(dir.length + 1))).toEqual(['server-worker2-pid102-1-c200.heapsnapshot', 'server-worker2-pid102-2-c400.heapsnapshot']);
    expect(diff.note).toContain("the server process 102's 2 snapshots");
    expect(inspectFile(dir).files).toEqual([join(dir, 'server-worker2-pid102-2-c400.heapsnapshot')]);
    // No worker failed: the first worker's, still one process.
    const passing = runFolder(files, [{ role: 'server', verdict: 'pass', pid: 101 }]);
    expect(diffFiles([passing]).files.every((f) => f.includes('-pid101-'))).toBe(true);
  });
});
