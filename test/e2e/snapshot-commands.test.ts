/** `ws-soak inspect` and `ws-soak diff` on real snapshots written by a child process. */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDir, writeLeakSnapshots } from '../heap/snapshot-child.js';
import { runCli } from '../helpers/run-cli.js';

describe('ws-soak inspect / diff', () => {
  const { dir, remove } = snapshotDir();
  let files: string[] = [];
  beforeAll(async () => {
    files = await writeLeakSnapshots(dir, [100, 200, 300]);
  }, 60_000);
  afterAll(remove);

  it('inspect --json counts what JSON.parse counts', async () => {
    const result = await runCli(['inspect', files[0]!, '--json']);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    const raw = JSON.parse(readFileSync(files[0]!, 'utf8'));
    expect(printed.nodeCount).toBe(raw.snapshot.node_count);
    expect(printed.edgeCount).toBe(raw.snapshot.edge_count);
    expect(printed.groups.length).toBeGreaterThan(5);
  });

  it('diff of three snapshots names the growing class, its rate and what retains it', async () => {
    const result = await runCli(['diff', ...files]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Growing across 3 snapshots \(cycles 100, 200, 300\)/);
    expect(result.stdout).toMatch(/LeakyRecord\s+100 → 200 → 300\s+\+1\.00/);
    expect(result.stdout).toMatch(/seen: Map → table → \[…\]: LeakyRecord \{at, attempt\}/);
    // Signed figures show '+0' for no change, as the verdict's do: growth is a non-zero digit after '+'.
    expect(result.stdout).not.toMatch(/CleanRecord .*\+[1-9]/);
    // Sizes in IEC units, as `run` prints them.
    expect(result.stdout).toMatch(/LeakyRecord .* \d+(\.\d+)? KiB /);
    expect(result.stdout).not.toMatch(/\d (kB|MB|GB)\b/);
  });

  it('diff and inspect take a run folder: its snapshots of the process under test in cycle order, or the last one', async () => {
    const run = join(dir, 'run-folder');
    mkdirSync(run);
    // Sequence numbers that sort wrongly by name (client-10 before client-9): the order is the cycles'.
    const names = ['client-9-c100.heapsnapshot', 'client-10-c200.heapsnapshot', 'client-11-c300.heapsnapshot'];
    names.forEach((name, i) => copyFileSync(files[i]!, join(run, name)));
    // The other process's snapshot is not the one under test that failed: it is left out.
    copyFileSync(files[0]!, join(run, 'server-1-c150.heapsnapshot'));
    writeFileSync(join(run, 'summary.json'), JSON.stringify({ processes: [{ role: 'client', verdict: 'fail' }, { role: 'server', verdict: 'pass' }] }));
    const diff = await runCli(['diff', run]);
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(0);
    expect(diff.stdout.startsWith(`diff of ${run}: the client's 3 snapshots in cycle order (${names.join(', ')})\n`)).toBe(true);
    expect(diff.stdout).toMatch(/Growing across 3 snapshots \(cycles 100, 200, 300\)/);
    expect(diff.stdout).toMatch(/LeakyRecord\s+100 → 200 → 300\s+\+1\.00/);
    const inspect = await runCli(['inspect', run]);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout.startsWith(`inspect of ${run}: the client's last snapshot, client-11-c300.heapsnapshot\n`)).toBe(true);
    const empty = join(dir, 'no-snapshots');
    mkdirSync(empty);
    const none = await runCli(['diff', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`${empty}: no .heapsnapshot files in this run folder (it ran with --no-snapshots or snapshots: false)`);
  });

  it('a truncated snapshot is a clear error naming the file (exit 2)', async () => {
    const truncated = join(dir, 'truncated.heapsnapshot');
    const text = readFileSync(files[0]!, 'utf8');
    writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
    const result = await runCli(['inspect', truncated]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${truncated}: truncated heap snapshot`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a file that is not a snapshot is a clear error (exit 2)', async () => {
    const notSnapshot = join(dir, 'notes.txt');
    writeFileSync(notSnapshot, 'hello, not json');
    const result = await runCli(['diff', notSnapshot, files[0]!]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${notSnapshot}: not a V8 heap snapshot`);
  });
});
