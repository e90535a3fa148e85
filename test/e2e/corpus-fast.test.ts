/**
 * A fast subset of the leak corpus for `npm test`: the fixtures marked `fast` in
 * test/fixtures/leaks/corpus.json (a handle leak, an off-heap Buffer leak, a hard clean one),
 * each soaked for 10 s through the real CLI with default thresholds. The full corpus, with
 * 60 s soaks and rates, is `npm run test:corpus`.
 */
import { describe, expect, it } from 'vitest';
import { checkRun, loadCorpus, mainEvidence, runFixture } from '../corpus/corpus-manifest.js';

const fast = loadCorpus().filter((f) => f.fast !== undefined);
/** Enough for ≥ 200 judged cycles after the default 25% warm-up. */
const FAST_CYCLES = 700;
const FAST_CAP = '45s';

describe('leak corpus, fast subset', () => {
  it('has at most 3 fixtures of at most 10 s: a handle leak, a Buffer leak and a clean one', () => {
    expect(fast.map((f) => f.fixture).sort()).toEqual(['buffer-offheap', 'clean-garbage', 'interval-socket']);
    for (const f of fast) expect(f.fast).toBe('10s');
  });

  it.each(fast.map((f) => [f.fixture, f] as const))(
    '%s: verdict and main evidence as labelled after 700 cycles',
    async (_name, fixture) => {
      // Bounded by cycles (with a time cap): a loaded CI machine may churn 5x slower than an idle
      // one, and a time-bounded run would then have too few cycles to judge.
      const run = await runFixture(fixture, { cycles: FAST_CYCLES, duration: FAST_CAP });
      // Rates and secondary evidence need the full soak; this gives the verdict and the main evidence.
      expect(checkRun(run, { rates: false, evidence: false })).toEqual([]);
      // checkRun also wants the leaking statement among the growth sites, and none for a clean fixture.
      if (fixture.truth === 'leak') expect(mainEvidence(run)?.perCycle).toBeGreaterThan(0);
      else expect(mainEvidence(run)).toBeNull();
      // A run that passes pays nothing for sites: no phase at all.
      if (fixture.truth === 'clean') expect(run.summary?.sitesPhase).toBeUndefined();
      else expect(run.summary?.sitesPhase?.ms).toBeGreaterThan(0);
    },
    90_000,
  );
});
