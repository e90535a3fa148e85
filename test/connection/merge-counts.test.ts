import { describe, expect, it } from 'vitest';
import { mergeCounts } from '../../src/connection/merge-counts.js';
import { emptyCycleCounts, type CycleCounts } from '../../src/model/cycle-counts.js';

const counts = (extra: Partial<CycleCounts>): CycleCounts => ({ ...emptyCycleCounts(), ...extra });

describe('mergeCounts', () => {
  it("adds the counts of load processes to the side's own", () => {
    const own = counts({ cycles: 10, opened: 11, closeCodes: { '1000': 10 }, peakOpen: 2, reconnectDelayMs: { min: 1, median: 2, max: 3 } });
    const load = counts({ cycles: 5, opened: 6, closeCodes: { '1000': 4, '1006': 1 }, peakOpen: 2, reconnectDelayMs: { min: 0.5, median: 9, max: 2 } });
    const total = mergeCounts(own, [load, load]);
    expect(total).toMatchObject({
      cycles: 20,
      opened: 23,
      closeCodes: { '1000': 18, '1006': 2 },
      peakOpen: 6,
      loadProcesses: 2,
      reconnectDelayMs: { min: 0.5, median: 2, max: 3 },
    });
    // The inputs are left alone.
    expect(own.cycles).toBe(10);
    expect(own.closeCodes).toEqual({ '1000': 10 });
  });

  it('keeps the longest stall rather than adding them', () => {
    const total = mergeCounts(counts({ longestStallMs: 100 }), [counts({ longestStallMs: 300, stalledConnections: 1 })]);
    expect(total).toMatchObject({ longestStallMs: 300, stalledConnections: 1 });
  });
});
