/**
 * Short real runs for the report tests: the built CLI (dist/cli.js) on a clean loop or on the
 * leaky client fixture, sampling every 200 ms so the verdict has enough samples.
 *
 * Runs are bounded by cycles, with a duration only as a safety cap: a run's clock starts before its
 * processes do, and on a loaded machine start-up alone can take seconds, which would leave a
 * time-bounded run with nothing to judge.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, runCli, tempDir, type CliResult } from '../helpers/run-cli.js';

export type ShortRunKind = 'clean' | 'leaky';

/** A scenario name with markup in it, to check that every report escapes it; the shared clean run uses it. */
export const MARKUP_NAME = 'clean <img src=x onerror=alert(1)> & "quotes"';

/**
 * Cycles per run: a few seconds of each loop on an idle machine. The leaky run has 300: at 200 and
 * load ~5 its last third had 5 post-GC samples, too few for a trend of its own to be significant,
 * and the leak passed as "levelling off" (docs/verdict.md, known limits).
 */
export const SHORT_RUN_CYCLES: Record<ShortRunKind, number> = { clean: 300, leaky: 300 };

export interface ShortRunOptions {
  /**
   * Cycle counts at which to take heap snapshots, or none (the default). Each pauses the process
   * under test for 0.5–2 s, so they are few and at cycles: on a loaded machine a snapshot every
   * few seconds would leave the client no time to reconnect.
   */
  snapshotAtCycles?: number[];
  /** Cycles to run; null for a run bounded by `duration` alone. */
  cycles?: number | null;
  /** Longest run; default 40s (a cap: the cycles end the run first). */
  duration?: string;
  /** Scenario name; default `<kind>-short`. */
  name?: string;
}

/** Writes a scenario file for a short run into `dir` and returns its path. */
export function writeShortScenario(dir: string, kind: ShortRunKind, options: ShortRunOptions = {}): string {
  const cycles = options.cycles === undefined ? SHORT_RUN_CYCLES[kind] : options.cycles;
  const lines = [
    `name: ${JSON.stringify(options.name ?? `${kind}-short`)}`,
    `duration: ${options.duration ?? '40s'}`,
    ...(cycles === null ? [] : [`cycles: ${cycles}`]),
    'warmup: 25%',
    'sample:',
    '  interval: 200ms',
    'verdict:',
    // The built-in loop itself grows while V8 warms up in the first seconds, by KiBs per cycle when a
    // loaded machine runs few cycles: the clean run gets a limit it cannot reach, so it reliably passes,
    // while the leaky client (~1 KiB/cycle) is judged against the default 128 B and fails.
    `  maxGrowthPerCycle: ${kind === 'clean' ? '1MiB' : '128B'}`,
    '  minCycles: 10',
  ];
  if (kind === 'clean') lines.push('client:', '  count: 4', 'disconnect:', '  after: 20ms');
  else lines.push('client:', `  module: ${JSON.stringify(join(FIXTURES, 'modules', 'leaky-client.mjs'))}`, 'disconnect:', '  after: 10ms');
  if (options.snapshotAtCycles === undefined) lines.push('snapshots: false');
  else lines.push('snapshots:', `  atCycles: [${options.snapshotAtCycles.join(', ')}]`, `  keep: ${options.snapshotAtCycles.length}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${kind}-short.yaml`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

export interface ShortRun {
  dir: string;
  result: CliResult;
}

/** Runs `ws-soak run` on a short scenario into a fresh folder. */
export async function shortRun(kind: ShortRunKind, options: ShortRunOptions = {}): Promise<ShortRun> {
  const base = tempDir(`ws-soak-${kind}-`);
  const scenario = writeShortScenario(join(base, 'scenario'), kind, options);
  const dir = join(base, 'run');
  const result = await runCli(['run', scenario, '--out', dir], { timeoutMs: 60_000 });
  return { dir, result };
}

/** Longest a test file waits for a run another test file is making. */
const SHARED_RUN_WAIT_MS = 120_000;
const SHARED_RUN_POLL_MS = 200;

/**
 * Like `shortRun`, but made once per test session (the vitest workers share a parent process),
 * then copied, so test files that need the same run share it and may still
 * change their copy.
 */
export async function sharedShortRun(kind: ShortRunKind, options: ShortRunOptions = {}): Promise<ShortRun> {
  const session = join(tmpdir(), `ws-soak-test-runs-${process.ppid}`);
  const key = createHash('sha256').update(JSON.stringify([kind, options])).digest('hex').slice(0, 16);
  const slot = join(session, key);
  const done = join(slot, 'result.json');
  mkdirSync(session, { recursive: true });
  let mine = true;
  try {
    mkdirSync(slot); // fails when another worker already claimed this run
  } catch {
    mine = false;
  }
  if (mine) {
    const run = await shortRun(kind, options);
    cpSync(run.dir, join(slot, 'run'), { recursive: true });
    writeFileSync(done, JSON.stringify(run.result));
  } else {
    const deadline = Date.now() + SHARED_RUN_WAIT_MS;
    while (!existsSync(done)) {
      if (Date.now() > deadline) throw new Error(`waited ${SHARED_RUN_WAIT_MS / 1000} s for the shared ${kind} run in ${slot}`);
      await new Promise((r) => setTimeout(r, SHARED_RUN_POLL_MS));
    }
  }
  const dir = join(tempDir(`ws-soak-${kind}-copy-`), 'run');
  cpSync(join(slot, 'run'), dir, { recursive: true });
  return { dir, result: JSON.parse(readFileSync(done, 'utf8')) as CliResult };
}
