/**
 * End-to-end: object evidence from live-object counts when the snapshot guard skips every
 * snapshot, as it does on a big heap. The guard is made to skip a small heap through its test
 * hook (WS_SOAK_TEST_AVAILABLE_MEMORY), and counts are taken every 2 s (WS_SOAK_TEST_OBJECT_COUNT_GAP_MS)
 * so a 25 s run gets enough of them; real CLI, child processes and sockets on 127.0.0.1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../helpers/run-cli.js';

const env = { WS_SOAK_TEST_AVAILABLE_MEMORY: '1000', WS_SOAK_TEST_OBJECT_COUNT_GAP_MS: '2000' };

async function soak(fixture: string) {
  const out = join(tempDir(), 'run');
  const result = await runCli(['run', join(FIXTURES, 'leaks', `${fixture}.yaml`), '--duration', '25s', '--out', out], { env, timeoutMs: 80_000 });
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const counted = readFileSync(join(out, 'samples.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((s) => s.objects);
  return { result, summary, counted };
}

describe('object evidence without heap snapshots', () => {
  it('fails a session registry that is never pruned, naming Session from the live-object counts', async () => {
    const { result, summary, counted } = await soak('registry-map');
    expect(result.stderr).toContain('heap snapshots of the client: skipped: writing it needs about');
    expect(result.stderr).toContain('counting live objects by constructor instead');
    expect(summary.snapshots).toEqual([]);
    expect(summary.snapshotsSkipped.length).toBeGreaterThan(0);
    expect(counted.length).toBeGreaterThanOrEqual(5);
    expect(counted[0].objects.cpuMs).toBeGreaterThan(0);
    expect(result.code).toBe(1);
    expect(summary.verdict).toBe('fail');
    const objects = summary.processes[0].evidence.filter((e: { kind: string }) => e.kind === 'objects');
    const session = objects.find((e: { name: string }) => e.name === 'Session');
    expect(session).toMatchObject({ failing: true, rule: 'object-growth', objectSource: 'live-object-counts' });
    expect(session.perCycle).toBeGreaterThan(0.9);
    expect(session.perCycle).toBeLessThan(1.1);
    expect(session.detail).toMatch(/from live-object counts \(inspector Runtime\.queryObjects\), \d+ points/);
    expect(result.stdout).toContain('[objects] Session');
  }, 90_000);

  it('passes a clean loop, with the object counts judged', async () => {
    const { result, summary, counted } = await soak('clean-garbage');
    expect(summary.snapshots).toEqual([]);
    expect(counted.length).toBeGreaterThanOrEqual(5);
    expect(summary.verdict).toBe('pass');
    expect(result.code).toBe(0);
    expect(summary.processes[0].evidence.filter((e: { failing: boolean }) => e.failing)).toEqual([]);
    expect(summary.reason).toContain('no handle, listener or object (live-object counts) growth');
  }, 90_000);
});
