/** Fails when post-GC heapUsed grows more than `verdict.maxGrowth` over the judged window. */
import { formatBytes, formatCount } from '../../format/units.js';
import { growthOf } from '../growth.js';
import { SIGNIFICANCE_P } from '../thresholds.js';
import { SERIES_LABEL } from '../trend-evidence.js';
import type { VerdictRule } from '../types.js';

export const totalGrowthRule: VerdictRule = {
  name: 'total-growth',
  description:
    'When verdict.maxGrowth is set: fails when post-GC heapUsed grows by more than it over the judged window — both end to end and by the fitted slope × cycles, with a significant trend — and is not levelling off.',
  evaluate(input, window) {
    const limit = input.scenario.verdict.maxGrowth;
    if (limit === null || window.shortfall !== null) return [];
    const g = growthOf(window, 'heapUsed');
    // Both measures must clear the limit: the fit ignores one noisy end, the ends ignore a fluke fit.
    const fitted = g.perCycle * window.cycles;
    const growth = Math.min(g.total, fitted);
    if (!(growth > limit) || g.pValue >= SIGNIFICANCE_P || g.saturating) return [];
    return [
      {
        kind: 'trend',
        name: 'heapUsed total',
        perCycle: g.perCycle,
        detail:
          `${SERIES_LABEL.heapUsed} grew ${formatBytes(growth)} over ${formatCount(window.cycles)} cycles` +
          ` (limit ${formatBytes(limit)})`,
        failing: true,
      },
    ];
  },
};
