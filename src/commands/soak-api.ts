/**
 * The programmatic API: `import { soak } from 'ws-soak'` runs a soak as `ws-soak run` does
 * (run folder, reports, verdict) without printing, and resolves to its summary — usable inside a
 * test runner, as autocannon exports `run`.
 */
import type { Summary } from '../analysis/summary.js';
import { resolveScenario } from '../scenario/load.js';
import { assertModulesRunnable } from '../scenario/module-runtime.js';
import { runCommand } from './run-command.js';

/** What to soak, and the flags of `ws-soak run`. */
export interface SoakOptions {
  /**
   * A scenario file (.yaml, .yml, .json), or the scenario's keys as an object
   * (`{ duration: '10s', client: { module: './my-client.mjs' } }`, module paths relative to the
   * working folder). Or none, with `client` or `server`.
   */
  scenario?: string | Record<string, unknown>;
  /** A client module to soak against the built-in server (no scenario needed). */
  client?: string;
  /** A server module to soak with the built-in clients (no scenario needed). */
  server?: string;
  /** Overrides the scenario's duration, e.g. `'30s'`. */
  duration?: string;
  /** Overrides the scenario's cycle count. */
  cycles?: number;
  /** Write the run into exactly this (empty) folder. */
  out?: string;
  /** Parent folder of timestamped run folders; default `reports`. */
  reportsDir?: string;
  /** Take heap snapshots; default true. */
  snapshots?: boolean;
  /** After a run that found a leak, find the lines that add to the growing collections; default true. */
  sites?: boolean;
  /** Stop as soon as a leak is settled. */
  untilVerdict?: boolean;
}

/** A finished soak: its summary (as summary.json), the run folder, and warnings (a report that could not be written, …). */
export interface SoakResult {
  summary: Summary;
  dir: string | null;
  warnings: string[];
}

/**
 * Runs a soak and resolves to its summary (`summary.verdict` is `pass`, `fail`, `inconclusive`
 * or `error`). Rejects with a `SoakError` for an invalid scenario or a missing module.
 *
 * @example
 * const summary = await soak({ client: './my-client.mjs', duration: '30s' });
 * expect(summary.verdict).toBe('pass');
 */
export async function soak(options: SoakOptions): Promise<Summary> {
  return (await soakRun(options)).summary;
}

/** As `soak`, with the run folder and the warnings too. */
export async function soakRun(options: SoakOptions): Promise<SoakResult> {
  const inline = typeof options.scenario === 'object' ? resolveScenario(options.scenario, '') : undefined;
  if (inline) assertModulesRunnable(inline, 'scenario');
  const result = await runCommand({
    scenario: typeof options.scenario === 'string' ? options.scenario : undefined,
    resolved: inline,
    client: options.client,
    server: options.server,
    duration: options.duration,
    cycles: options.cycles,
    out: options.out,
    snapshots: options.snapshots ?? true,
    sites: options.sites ?? true,
    quiet: true,
    untilVerdict: options.untilVerdict,
    reportsDir: options.reportsDir ?? 'reports',
    progress: () => {},
  });
  return { summary: result.summary, dir: result.dir, warnings: result.warnings };
}
