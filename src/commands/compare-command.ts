/**
 * `ws-soak compare <baseline-run> <run>`: growth per cycle and evidence of two run folders side
 * by side, and whether the run regressed beyond a tolerance. Returns data and text; the CLI
 * prints and exits (1 on regression).
 */
import { EXIT, SoakError } from '../errors.js';
import { formatComparison } from '../report/comparison-text.js';
import { compareRuns, type RunComparison } from '../report/run-comparison.js';
import { readRunFolder } from './read-run-folder.js';
import { parseSize } from '../scenario/units.js';
import { COMMANDS } from './options.js';

/** Growth over the baseline's allowed before a series counts as regressed, by default (`--tolerance`). */
export const DEFAULT_TOLERANCE = COMMANDS.compare.options.tolerance.default;

/** The arguments of `ws-soak compare`. */
export interface CompareCommandOptions {
  baseline: string;
  run: string;
  /** "25%" or "0.25". */
  tolerance?: string;
  /** Absolute allowance per cycle, e.g. "128B"; default: the run scenario's verdict.maxGrowthPerCycle. */
  slack?: string;
}

/** The comparison, its text, and the exit code it calls for. */
export interface CompareCommandResult {
  comparison: RunComparison;
  text: string;
  /** 0 no regression, 1 regression, 3 when a run ended in an error (nothing to compare). */
  exitCode: number;
  warnings: string[];
}

/** Reads "25%" or "0.25" as 0.25. */
export function parseTolerance(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!match) {
    throw new SoakError('SOAK_USAGE', `--tolerance ${text}: expected a percentage such as 25% or a fraction such as 0.25`);
  }
  return match[2] === '%' ? Number(match[1]) / 100 : Number(match[1]);
}

/** Reads both run folders (SoakError SOAK_RUN_DIR_INVALID when one is not) and compares them. */
export function compareCommand(options: CompareCommandOptions): CompareCommandResult {
  const tolerance = parseTolerance(options.tolerance ?? DEFAULT_TOLERANCE);
  const baseline = readRunFolder(options.baseline);
  const run = readRunFolder(options.run);
  let slack = run.scenario.verdict.maxGrowthPerCycle;
  if (options.slack !== undefined) {
    const parsed = parseSize(options.slack);
    if (parsed === null) throw new SoakError('SOAK_USAGE', `--slack ${options.slack}: expected a size per cycle such as 128B or 1KiB`);
    slack = parsed;
  }
  const comparison = compareRuns(
    { dir: baseline.dir, summary: baseline.summary },
    { dir: run.dir, summary: run.summary },
    { tolerance, slackBytesPerCycle: slack },
  );
  const exitCode = comparison.regressed ? EXIT.leak : comparison.comparable ? EXIT.pass : EXIT.error;
  const warnings = [...baseline.warnings.map((w) => `baseline: ${w}`), ...run.warnings.map((w) => `run: ${w}`)];
  return { comparison, text: formatComparison(comparison), exitCode, warnings };
}
