/** Fails on a significant, non-saturating rise of post-GC external memory (Buffers) above the per-cycle limit. */
import { trendEvidence } from '../trend-evidence.js';
import type { VerdictRule } from '../types.js';

export const externalTrendRule: VerdictRule = {
  name: 'external-trend',
  description:
    'Post-GC external memory (C++ objects, Buffers and ArrayBuffers) per cycle: same test and limit as heap-trend. A 1 KB Buffer per cycle barely moves heapUsed but shows here exactly.',
  evaluate(input, window) {
    return [trendEvidence(input, window, 'external')];
  },
};
