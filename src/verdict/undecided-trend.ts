/** When a heap trend's interval is too wide to call the run either clean or leaking. */
import { formatCount } from '../format/units.js';
import { moreCyclesAdvice } from './data-shortfall.js';
import { UNDECIDED_CI_HIGH_LIMITS } from './thresholds.js';
import type { JudgedWindow, SeriesGrowth, VerdictInput } from './types.js';

/**
 * Why a heap trend that is no significant rise still cannot pass, or null when it can: its 95% CI
 * reaches down to no growth and up to UNDECIDED_CI_HIGH_LIMITS × `acceptablePerCycle` (the limit,
 * plus any provisional allowance). "No significant rise" is then no evidence of a clean run: in a
 * window of a few dozen slow cycles V8's code warm-up, taken off the slope, is most of the rise,
 * and a ~1 KiB/cycle leak read 95% CI −185 to 6,958 B/cycle (docs/verdict.md, "A very short, slow
 * run"). A provisional check that is still running is left alone: more cycles are coming, and
 * it never settles a pass.
 */
export function undecidedTrend(input: VerdictInput, window: JudgedWindow, growth: SeriesGrowth, acceptablePerCycle: number): string | null {
  if (input.provisional === true && input.ended !== true) return null;
  if (growth.perCycleLow > 0) return null;
  const reach = growth.perCycleHigh / Math.max(1, acceptablePerCycle);
  if (reach < UNDECIDED_CI_HIGH_LIMITS) return null;
  return (
    `too uncertain to tell a pass from a leak: the 95% CI spans no growth and ${formatCount(reach)}× the limit over ` +
    `${formatCount(window.cycles)} judged cycles — ${moreCyclesAdvice(input.scenario)} so that a few hundred cycles are judged`
  );
}
