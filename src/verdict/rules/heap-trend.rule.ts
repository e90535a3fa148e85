/** Fails on a significant, non-saturating rise of post-GC heapUsed above the per-cycle limit; too uncertain a trend makes the verdict inconclusive. */
import { UNDECIDED_CI_HIGH_LIMITS } from '../thresholds.js';
import { trendEvidence } from '../trend-evidence.js';
import type { VerdictRule } from '../types.js';

export const heapTrendRule: VerdictRule = {
  name: 'heap-trend',
  description:
    'Post-GC heapUsed per cycle (Theil–Sen): fails when the rise is significant (Mann–Kendall p < 0.01, 95% CI above 0), above verdict.maxGrowthPerCycle and not levelling off; ' +
    `makes the verdict inconclusive when it is no significant rise but its 95% CI spans 0 and reaches ${UNDECIDED_CI_HIGH_LIMITS}× the limit; otherwise shown as a non-failing trend.`,
  evaluate(input, window) {
    return [trendEvidence(input, window, 'heapUsed')];
  },
};
