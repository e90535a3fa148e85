/** Fails on a significant, non-saturating rise of post-GC heapUsed above the per-cycle limit; too uncertain a trend, or one V8's unseen warm-up could explain, makes the verdict inconclusive. */
import { UNDECIDED_CI_HIGH_LIMITS, UNSEEN_CODE_RATIO } from '../thresholds.js';
import { trendEvidence } from '../trend-evidence.js';
import type { VerdictRule } from '../types.js';

export const heapTrendRule: VerdictRule = {
  name: 'heap-trend',
  description:
    'Post-GC heapUsed per cycle (Theil–Sen): fails when the rise is significant (Mann–Kendall p < 0.01, 95% CI above 0), above verdict.maxGrowthPerCycle and not levelling off; ' +
    `makes the verdict inconclusive when it is no significant rise but its 95% CI spans 0 and reaches ${UNDECIDED_CI_HIGH_LIMITS}× the limit, ` +
    `or when, with V8's code measured by the samples, the rise would not fail with ${UNSEEN_CODE_RATIO}× that code more taken off (V8's warm-up the code statistics miss); otherwise shown as a non-failing trend.`,
  evaluate(input, window) {
    return [trendEvidence(input, window, 'heapUsed')];
  },
};
