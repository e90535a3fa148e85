/** Runs one short soak through the real CLI and returns its summary.json, for the mode tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CycleCounts } from '../../src/model/cycle-counts.js';
import { ROOT, runCli, tempDir, type CliResult } from './run-cli.js';

/** Connection counts of one side, as summary.json has them (`connections.<role>`). */
export type SideCounts = CycleCounts;

export interface Soak {
  result: CliResult;
  out: string;
  summary: { verdict: string; reason: string; cycles: number; durationMs: number; error: unknown; connections: { client: SideCounts; server: SideCounts } };
  client: SideCounts;
  server: SideCounts;
  log(role: 'client' | 'server'): string;
}

/** A scenario under scenarios/ or test/fixtures/scenarios/, by path from the package root. */
export const scenarioPath = (relative: string) => join(ROOT, relative);

/**
 * Runs `ws-soak run <file> --json --no-snapshots ...flags` and checks the run itself went
 * through (no harness error). Pass `--cycles` and `--duration` so it ends early when it can.
 */
export async function soak(file: string, flags: string[]): Promise<Soak> {
  const out = join(tempDir(), 'run');
  const result = await runCli(['run', file, '--out', out, '--json', '--no-snapshots', ...flags], { timeoutMs: 45_000 });
  expect(result.stderr).not.toContain('internal error');
  expect(result.code, result.stderr).not.toBe(3);
  const summary = JSON.parse(result.stdout) as Soak['summary'];
  expect(summary.error).toBeNull();
  return {
    result,
    out,
    summary,
    client: summary.connections.client,
    server: summary.connections.server,
    log: (role) => readFileSync(join(out, `${role}.log`), 'utf8'),
  };
}

/** Sum of the counts in a `{ key: count }` record. */
export const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
