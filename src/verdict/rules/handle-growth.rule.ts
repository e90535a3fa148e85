/** Fails when a type of active handle or request (`process.getActiveResourcesInfo()`) keeps growing. */
import { boundedCountEvidence, countGrowth } from '../count-growth.js';
import { formatCount, formatRate } from '../../format/units.js';
import type { VerdictRule } from '../types.js';

export const handleGrowthRule: VerdictRule = {
  name: 'handle-growth',
  description:
    'Active resources by type (Timeout, TCPSocketWrap, …): fails when a count trends up (Mann–Kendall p < 0.01, or non-decreasing over ≥ 4 samples) and rises by at least max(10, 5% of the cycles) in the judged window, and keeps rising to its end (a count that levels off or falls back is shown as bounded, not failed). Needs no minimum of cycles.',
  evaluate(input, window) {
    const counts = countGrowth(window.allSamples, (s) => s.resources, input.samples);
    const growing = counts
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
    return [...growing, ...boundedCountEvidence('handles', counts, (key) => key)];
  },
};
