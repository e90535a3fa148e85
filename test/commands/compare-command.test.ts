/**
 * `ws-soak compare` on real run folders: a clean loop and the leaky client fixture, compared both
 * ways and each with itself; plus bad arguments.
 */
import { cpSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunComparison } from '../../src/report/run-comparison.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { MARKUP_NAME, sharedShortRun, type ShortRun } from '../report/short-runs.js';

let clean: ShortRun;
let leaky: ShortRun;

beforeAll(async () => {
  [clean, leaky] = await Promise.all([sharedShortRun('clean', { name: MARKUP_NAME }), sharedShortRun('leaky')]);
  expect(clean.result.code).toBe(0);
  expect(leaky.result.code).toBe(1);
}, 150_000);

async function compare(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; json?: RunComparison }> {
  const result = await runCli(['compare', ...args]);
  return { ...result, json: args.includes('--json') && result.code !== 2 ? (JSON.parse(result.stdout) as RunComparison) : undefined };
}

describe('ws-soak compare', () => {
  it('finds the leaky run regressed against the clean baseline: exit 1, heapUsed named', async () => {
    const { code, json } = await compare(clean.dir, leaky.dir, '--json');
    expect(code).toBe(1);
    expect(json?.regressed).toBe(true);
    const heap = json?.series.find((s) => s.role === 'client' && s.series === 'heapUsed');
    expect(heap?.status).toBe('regressed');
    // allowed = max(baseline, 0) × 1.25 + the run scenario's 128 B limit
    expect(heap?.allowedPerCycle).toBeCloseTo(Math.max(0, heap?.baseline?.perCycle ?? 0) * 1.25 + 128, 6);
    expect(heap?.run?.perCycleLow).toBeGreaterThan(heap?.allowedPerCycle ?? Infinity);
    expect(json?.regressions[0]).toMatch(/^verdict pass → fail: post-GC heapUsed \+/);
    expect(json?.regressions.some((r) => r.startsWith('client heapUsed +'))).toBe(true);
    expect(json?.series.find((s) => s.series === 'rss')?.status).toBe('not judged');
  });

  it('prints both runs side by side and the regression', async () => {
    const { code, stdout } = await compare(clean.dir, leaky.dir);
    expect(code).toBe(1);
    // The terminal shows the scenario name as it is: only HTML and XML need escaping.
    expect(stdout).toContain(`baseline  ${clean.dir}\n          ${MARKUP_NAME}, PASS, started `);
    expect(stdout).toContain(`run       ${leaky.dir}\n          leaky-short, FAIL, started `);
    expect(stdout).toMatch(/\nclient heapUsed +\+\S+ (B|KiB) \(.*REGRESSED\n/);
    expect(stdout).toContain('\nresult: REGRESSED\n  - verdict pass → fail: ');
  });

  it('does not call the clean run a regression of the leaky one, nor a run of itself', async () => {
    const better = await compare(leaky.dir, clean.dir, '--json');
    expect(better.code).toBe(0);
    expect(better.json?.regressed).toBe(false);
    expect(better.json?.regressions).toEqual([]);
    expect(better.json?.series.find((s) => s.series === 'heapUsed')?.status).toBe('ok');
    for (const dir of [clean.dir, leaky.dir]) {
      const same = await compare(dir, dir);
      expect(same.code).toBe(0);
      expect(same.stdout).toContain('result: no regression beyond the tolerance\n');
    }
    expect(better.json?.notes).toEqual([`different scenarios: the baseline ran "leaky-short", the run "${MARKUP_NAME}"`]);
  });

  it('a tolerance wide enough lets the heap growth through, but not the verdict becoming fail', async () => {
    const { code, json } = await compare(clean.dir, leaky.dir, '--json', '--tolerance', '100000%', '--slack', '1MiB');
    expect(code).toBe(1);
    expect(json?.series.find((s) => s.series === 'heapUsed')?.status).toBe('ok');
    expect(json?.regressions).toHaveLength(1);
    expect(json?.regressions[0]).toMatch(/^verdict pass → fail/);
  });

  it('rejects a bad tolerance and a folder that is not a run, with exit 2', async () => {
    const bad = await compare(clean.dir, leaky.dir, '--tolerance', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ws-soak: --tolerance lots: expected a percentage such as 25% or a fraction such as 0.25\n');
    const broken = join(tempDir('ws-soak-cmp-'), 'run');
    cpSync(clean.dir, broken, { recursive: true });
    unlinkSync(join(broken, 'summary.json'));
    const missing = await compare(broken, leaky.dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`ws-soak: run folder ${broken}: summary.json is missing;`);
    expect(readFileSync(join(leaky.dir, 'summary.json'), 'utf8')).toContain('"verdict": "fail"');
  });
});
