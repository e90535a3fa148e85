/** Fails when a type of active handle or request (`process.getActiveResourcesInfo()`) keeps growing. */
import { countGrowth } from '../count-growth.js';
import { formatCount, formatRate } from '../../format/units.js';
import type { VerdictRule } from '../types.js';

export const handleGrowthRule: VerdictRule = {
  name: 'handle-growth',
  description:
    'Active resources by type (Timeout, TCPSocketWrap, …): fails when a count trends up (Mann–Kendall p < 0.01, or non-decreasing over ≥ 4 samples) and rises by at least max(10, 5% of the cycles) in the judged window. Needs no minimum of cycles.',
  evaluate(_input, window) {
    return countGrowth(window.allSamples, (s) => s.resources)
      .filter((g) => g.growing)
      .map((g) => ({
        kind: 'handles' as const,
        name: g.key,
        perCycle: g.perCycle,
        detail:
          `≈${formatRate(g.perCycle)} ${g.key} per cycle` +
          ` (${formatCount(g.first)} → ${formatCount(g.last)} over ${formatCount(g.cycles)} cycles)`,
        failing: true,
      }));
  },
};
