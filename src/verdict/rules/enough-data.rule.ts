/** Not a failing rule: says when the judged window is too short for a memory trend. */
import { MIN_POST_GC_SAMPLES } from '../thresholds.js';
import type { VerdictRule } from '../types.js';

export const enoughDataRule: VerdictRule = {
  name: 'enough-data',
  description: `Notes when the judged window has fewer than verdict.minCycles cycles or fewer than ${MIN_POST_GC_SAMPLES} post-GC samples; the verdict is then inconclusive unless something else fails.`,
  evaluate(_input, window) {
    if (window.shortfall === null) return [];
    return [{ kind: 'note', name: 'not enough data', perCycle: 0, detail: window.shortfall, failing: false, notJudged: true }];
  },
};
