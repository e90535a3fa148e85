/**
 * A heap trend too uncertain to pass (src/verdict/undecided-trend.ts), on samples shaped like the
 * measured case (docs/verdict.md, "A very short, slow run"): 75 cycles over 16 post-GC samples, the
 * probe's code size rising 4,344 B/cycle, and GC noise of a loaded runner. The same window decides
 * when its noise is small: a leak still fails, a clean run still passes.
 */
import { describe, expect, it } from 'vitest';
import { judge } from '../../src/verdict/judge.js';
import { UNDECIDED_CI_HIGH_LIMITS } from '../../src/verdict/thresholds.js';
import type { RoleVerdict } from '../../src/verdict/types.js';
import { makeInput, makeSamples, makeScenario, noise } from './synthetic.js';

const MB = 1024 * 1024;
const LIMIT = 128;
const CODE_PER_CYCLE = 4344;

/** A short window judged with `verdict.minCycles: 10` (the CI recipe's): 16 samples, 5 cycles apart. */
function shortRun(seed: number, heapPerCycle: number, noiseBytes: number, provisional?: { ended: boolean }): RoleVerdict {
  const rnd = noise(seed);
  const samples = makeSamples({
    n: 16,
    intervalMs: 500,
    cyclesPerSample: 5,
    heap: (_i, c) => 10 * MB + heapPerCycle * c + noiseBytes * rnd(),
    code: (_i, c) => 3 * MB + CODE_PER_CYCLE * c + 1_000 * rnd(),
  });
  const scenario = makeScenario({ verdict: { maxGrowthPerCycle: LIMIT, maxGrowth: null, minCycles: 10 } });
  return judge({ ...makeInput({ samples, scenario }), ...(provisional && { provisional: true, ended: provisional.ended }) });
}

const heapEvidence = (v: RoleVerdict) => v.evidence.find((e) => e.rule === 'heap-trend');

describe('a heap trend whose interval spans no growth and far above the limit', () => {
  it('is inconclusive, with the interval, the limit, the cycles judged and what to do', () => {
    // Raw +7.9 KiB/cycle, most of it the code warm-up: net CI −152 to 7,039 B/cycle (measured: −185 to 6,958).
    const v = shortRun(4, 7400, 250_000);
    const g = v.judgedHeapUsed?.growth;
    expect(g?.perCycleLow).toBeLessThanOrEqual(0);
    expect(g?.perCycleHigh).toBeGreaterThanOrEqual(UNDECIDED_CI_HIGH_LIMITS * LIMIT);
    expect(v.verdict).toBe('inconclusive');
    const detail =
      "post-GC heapUsed +3,581 B/cycle without V8's compiled code (+7,931 − 4,349; 95% CI -152 to 7,039; limit 128 B), " +
      'too uncertain to tell a pass from a leak: the 95% CI spans no growth and 55× the limit over 75 judged cycles' +
      ' — raise duration or lower disconnect.after so that a few hundred cycles are judged';
    expect(v.reason).toBe(detail);
    expect(heapEvidence(v)).toMatchObject({ kind: 'trend', name: 'heapUsed', failing: false, notJudged: true, undecided: true, detail });
  });

  it('still fails a leak whose interval is tight', () => {
    const v = shortRun(7, 5500, 5_000);
    expect(v.verdict).toBe('fail');
    expect(v.reason).toBe("post-GC heapUsed +1,110 B/cycle without V8's compiled code (+5,464 − 4,354; 95% CI 1,029–1,185; limit 128 B)");
    expect(heapEvidence(v)?.undecided).toBeUndefined();
  });

  it('still passes a clean run whose interval is tight around 0', () => {
    const v = shortRun(8, CODE_PER_CYCLE, 5_000);
    expect(v.verdict).toBe('pass');
    expect(v.judgedHeapUsed?.growth.perCycleLow).toBeLessThan(0);
    expect(v.reason).toBe("post-GC heapUsed -2 B/cycle without V8's compiled code (limit 128 B), no handle or listener growth over 75 cycles");
  });

  it('passes a clean run whose interval spans 0 but stays below the threshold (CI −358 to 459 B/cycle: 3.6× the limit)', () => {
    const v = shortRun(9, CODE_PER_CYCLE + 100, 20_000);
    const high = v.judgedHeapUsed?.growth.perCycleHigh ?? Infinity;
    expect(high).toBeGreaterThan(LIMIT);
    expect(high).toBeLessThan(UNDECIDED_CI_HIGH_LIMITS * LIMIT);
    expect(v.verdict).toBe('pass');
  });

  it('leaves a provisional check that is still running alone (more cycles are coming), but not its last one', () => {
    // Wider still, so that the interval also reaches 10× the limit plus the provisional V8 warm-up allowance.
    const ended = shortRun(4, 7400, 2_500_000, { ended: true });
    expect(ended.judgedHeapUsed?.growth.perCycleHigh).toBeGreaterThan(UNDECIDED_CI_HIGH_LIMITS * (LIMIT + (ended.judgedHeapUsed?.allowancePerCycle ?? 0)));
    expect(ended.verdict).toBe('inconclusive');
    expect(heapEvidence(ended)?.undecided).toBe(true);
    const running = shortRun(4, 7400, 2_500_000, { ended: false });
    expect(heapEvidence(running)?.undecided).toBeUndefined();
    expect(heapEvidence(running)?.detail).toMatch(/, no significant rise \(p = 0\.\d{3}\)$/);
  });
});
