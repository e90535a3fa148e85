/** Fails when the listeners on `process` for an event keep growing (e.g. one 'exit' listener per connection). */
import { boundedCountEvidence, countGrowth } from '../count-growth.js';
import { formatCount, formatSignedRate } from '../../format/units.js';
import type { VerdictRule } from '../types.js';

export const listenerGrowthRule: VerdictRule = {
  name: 'listener-growth',
  description:
    "Listener counts on process by event: fails when a count trends up and rises by at least max(10, 5% of the cycles) in the judged window, like handle-growth.",
  evaluate(input, window) {
    const counts = countGrowth(window.allSamples, (s) => s.listeners, input.samples);
    const growing = counts
      .filter((g) => g.growing)
      .map((g) => ({
        kind: 'listeners' as const,
        name: `process '${g.key}' listeners`,
        perCycle: g.perCycle,
        detail:
          `process '${g.key}' listeners ${formatSignedRate(g.perCycle)}/cycle` +
          ` (${formatCount(g.first)} → ${formatCount(g.last)} over ${formatCount(g.cycles)} cycles)`,
        failing: true,
      }));
    return [...growing, ...boundedCountEvidence('listeners', counts, (key) => `process '${key}' listeners`)];
  },
};
