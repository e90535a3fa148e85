import { describe, expect, it } from 'vitest';
import { JudgeGate } from '../../src/analysis/judge-gate.js';
import { makeSamples } from '../verdict/synthetic.js';

describe('JudgeGate', () => {
  it('judges when a post-GC sample or a snapshot arrived, and skips plain samples', () => {
    const gate = new JudgeGate(4);
    const withGc = makeSamples({ n: 3 });
    const plain = makeSamples({ n: 2, postGc: false });
    expect(gate.shouldJudge(withGc, 0)).toBe(true);
    // Two plain samples more: nothing the memory rules read has changed.
    expect(gate.shouldJudge([...withGc, ...plain], 0)).toBe(false);
    // A snapshot arrived.
    expect(gate.shouldJudge([...withGc, ...plain], 1)).toBe(true);
    // Another post-GC sample arrived.
    expect(gate.shouldJudge([...withGc, ...plain, ...makeSamples({ n: 1 })], 1)).toBe(true);
  });

  it('never skips more than maxSkips checks in a row (handle counts come with every sample)', () => {
    const gate = new JudgeGate(4);
    const samples = makeSamples({ n: 5 });
    const answers = Array.from({ length: 11 }, () => gate.shouldJudge(samples, 0));
    expect(answers).toEqual([true, false, false, false, false, true, false, false, false, false, true]);
  });

  it('waits after a costly judgement, whatever arrived, so the judge keeps to its share of a core', () => {
    const gate = new JudgeGate(4, 0.02);
    const samples = makeSamples({ n: 3 });
    expect(gate.shouldJudge(samples, 0, 1_000)).toBe(true);
    // That judgement took 100 ms: at 2% of a core the next may start 5 s after it ended.
    gate.judged(100, 1_100);
    const more = [...samples, ...makeSamples({ n: 1 })];
    expect(gate.shouldJudge(more, 1, 2_000)).toBe(false);
    expect(gate.shouldJudge(more, 1, 6_099)).toBe(false);
    expect(gate.shouldJudge(more, 1, 6_100)).toBe(true);
    // A cheap one (1 ms) leaves the one-second checks as they were.
    gate.judged(1, 6_101);
    expect(gate.shouldJudge([...more, ...makeSamples({ n: 1 })], 1, 7_100)).toBe(true);
  });
});
