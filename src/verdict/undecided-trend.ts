/** When a heap trend cannot call the run either clean or leaking: its interval is too wide, or its rise may be V8's own. */
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

/**
 * Why a heap trend that would fail cannot, or null when it can: taking off the V8 warm-up the
 * probe's code statistics may have missed (`unseenPerCycle`, see UNSEEN_CODE_RATIO), it is no
 * longer significant or no longer above `acceptablePerCycle`. Such a rise may be V8's alone: with
 * a couple dozen slow cycles the missed part is kilobytes per cycle, and the built-in clean loop
 * read +5,714 to +9,700 B/cycle net of the statistics' 12.3–14.8 KB and failed (docs/verdict.md,
 * "A couple dozen slow cycles"). It cannot pass either (the rise is real): inconclusive.
 */
export function unseenWarmupTrend(
  input: VerdictInput,
  window: JudgedWindow,
  growth: SeriesGrowth,
  acceptablePerCycle: number,
  unseenPerCycle: number,
): string | null {
  if (!(unseenPerCycle > 0)) return null;
  if (growth.perCycleLow - unseenPerCycle > 0 && growth.perCycle - unseenPerCycle > acceptablePerCycle) return null;
  return (
    `within V8's warm-up that its code statistics may not see (up to ${formatCount(unseenPerCycle)} B/cycle more) over ` +
    `${formatCount(window.cycles)} judged cycles, so it may not be a leak — take heap snapshots in the judged window ` +
    `(they measure all of V8's code), or ${moreCyclesAdvice(input.scenario)} so that a few hundred cycles are judged`
  );
}
