/** Command-line flags that override parts of a loaded scenario (`--duration`, `--cycles`, ...). */
import type { z } from 'zod';
import { SoakError } from '../errors.js';
import { describeIssues } from './errors-format.js';
import { cyclesField, runDurationField } from './schema.js';
import type { Scenario } from './types.js';

/** Flag values as the CLI parsed them; absent means "keep the scenario's value". */
export interface ScenarioOverrides {
  /** `--duration`, e.g. "30s". */
  duration?: string;
  /** `--cycles`. */
  cycles?: number;
  /** `--snapshots` / `--no-snapshots`. */
  snapshots?: boolean;
}

/** Checks one flag value with the same field type the file uses, so messages match. */
function checkFlag(field: z.ZodType<number>, value: unknown, flag: string): number {
  const result = field.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new SoakError('SOAK_USAGE', describeIssues(result.error.issues, field, flag).join('\n'));
}

/**
 * Returns a copy of `scenario` with the flags applied. `--duration` and `--cycles` replace the
 * scenario's run bounds together: giving only `--duration` runs for that long whatever the file's
 * `cycles` said (and the other way round); giving both stops at whichever comes first.
 *
 * @throws SoakError `SOAK_USAGE` naming the flag, e.g. `--duration: expected a duration like "30s", got "soon"`
 */
export function applyOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  const durationMs =
    overrides.duration === undefined ? undefined : checkFlag(runDurationField, overrides.duration, '--duration');
  const cycles = overrides.cycles === undefined ? undefined : checkFlag(cyclesField, overrides.cycles, '--cycles');
  const next: Scenario = { ...scenario, snapshots: { ...scenario.snapshots } };
  if (durationMs !== undefined || cycles !== undefined) {
    next.durationMs = durationMs ?? null;
    next.cycles = cycles ?? null;
  }
  if (overrides.snapshots !== undefined) next.snapshots.enabled = overrides.snapshots;
  return next;
}
