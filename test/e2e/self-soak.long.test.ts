/**
 * `npm run test:long`: the harness must not leak itself. Runs a clean scenario for
 * 11 minutes with the CLI under --expose-gc and checks the orchestrator's own post-GC
 * heap stays flat apart from the samples it deliberately holds for the analysis.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, FIXTURES, ROOT, tempDir } from '../helpers/run-cli.js';

/** What one held sample may cost the orchestrator (measured ≈ 0.6 KiB; bound with room). */
const BYTES_PER_HELD_SAMPLE = 1536;
/** Allowed drift beyond the held samples over the judged part of the run. */
const ALLOWED_DRIFT_BYTES = 3 * 1024 * 1024;

describe('the orchestrator over a long soak', () => {
  it('keeps its own memory flat for 11 minutes of reconnects', async () => {
    const out = join(tempDir(), 'run');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--expose-gc', CLI, 'run', join(FIXTURES, 'scenarios', 'long-clean.yaml'), '--duration', '11m', '--out', out, '--quiet'],
        { cwd: ROOT, stdio: 'ignore' },
      );
      const timer = setTimeout(() => child.kill('SIGKILL'), 15 * 60_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.error).toBeNull();
    expect([0, 1, 4]).toContain(code);
    const points: Array<{ t: number; heapUsed: number; rss: number; samplesHeld: number }> = summary.orchestrator;
    expect(points.length).toBeGreaterThan(100);
    // Skip the first minute: module loading and JIT.
    const judged = points.filter((p) => p.t >= 60_000);
    const first = judged[0]!;
    const last = judged[judged.length - 1]!;
    const heldGrowth = (last.samplesHeld - first.samplesHeld) * BYTES_PER_HELD_SAMPLE;
    const drift = last.heapUsed - first.heapUsed - heldGrowth;
    console.log(
      `orchestrator over ${(last.t - first.t) / 60_000} min: heapUsed ${first.heapUsed} → ${last.heapUsed} B, ` +
        `${last.samplesHeld - first.samplesHeld} more samples held, drift beyond them ${drift} B; rss ${first.rss} → ${last.rss} B; ` +
        `${summary.cycles} cycles`,
    );
    expect(drift).toBeLessThan(ALLOWED_DRIFT_BYTES);
  });
});
