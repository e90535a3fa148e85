import { describe, expect, it } from 'vitest';
import { combineVerdicts, judge } from '../../src/verdict/judge.js';
import type { RoleVerdict, Verdict } from '../../src/verdict/types.js';
import { makeInput, makeSamples, makeScenario, makeSnapshots, noise, type SeriesSpec } from './synthetic.js';

const MB = 1024 * 1024;
const judgeSpec = (spec: SeriesSpec) => judge(makeInput({ samples: makeSamples(spec) }));
const PASS_REASON = /^post-GC heapUsed [+-]\d+ B\/cycle \(limit 128 B\), no handle or listener growth over 5,970 cycles$/;

describe('judge', () => {
  it('passes a flat, noisy run and says what it checked', () => {
    const rnd = noise(21);
    const v = judgeSpec({ n: 200, heap: () => 10 * MB + 20_000 * rnd() });
    expect(v.verdict).toBe('pass');
    expect(v.reason).toMatch(PASS_REASON);
    expect(v.judgedWindow).toEqual({ fromMs: 0, toMs: 199_000, fromCycle: 0, toCycle: 5970, samples: 200 });
    expect(v.growth.map((g) => g.series)).toEqual(['heapUsed', 'external', 'rss']);
  });

  it('fails a linear heap leak with the figures in the reason', () => {
    const v = judgeSpec({ n: 200, heap: (_i, c) => 10 * MB + 1032 * c });
    expect(v.verdict).toBe('fail');
    expect(v.reason).toBe('post-GC heapUsed +1,032 B/cycle (95% CI 1,032–1,032; limit 128 B)');
  });

  it('fails a noisy 180 B/cycle leak', () => {
    const rnd = noise(22);
    const v = judgeSpec({ n: 200, heap: (_i, c) => 10 * MB + 180 * c + 50_000 * rnd() });
    expect(v.verdict).toBe('fail');
    expect(v.reason).toMatch(/^post-GC heapUsed \+1\d\d B\/cycle \(95% CI/);
  });

  it('passes a GC-like sawtooth without a trend, and fails one riding on a leak', () => {
    const rnd = noise(23);
    const saw = (i: number) => 300_000 * ((i % 7) / 7) + 10_000 * rnd();
    expect(judgeSpec({ n: 200, heap: (i) => 10 * MB + saw(i) }).verdict).toBe('pass');
    expect(judgeSpec({ n: 200, heap: (i, c) => 10 * MB + saw(i) + 400 * c }).verdict).toBe('fail');
  });

  it('passes a lazy one-time allocation (step) and a bounded cache filling up', () => {
    const rnd = noise(24);
    const step = judgeSpec({ n: 200, heap: (i) => 10 * MB + (i >= 100 ? 4 * MB : 0) + 20_000 * rnd() });
    expect(step.verdict).toBe('pass');
    expect(step.reason).toMatch(/^post-GC heapUsed \+\d{3} B\/cycle, levelling off \(limit 128 B\), no handle/);
    const cache = judgeSpec({ n: 200, heap: (_i, c) => 10 * MB + 500 * Math.min(c, 1800) + 10_000 * rnd() });
    expect(cache.verdict).toBe('pass');
    expect(cache.growth[0]?.saturating).toBe(true);
  });

  it('passes a slow drift below the limit and shows it', () => {
    const rnd = noise(25);
    const v = judgeSpec({ n: 200, heap: (_i, c) => 10 * MB + 6 * c + 5_000 * rnd() });
    expect(v.verdict).toBe('pass');
    expect(v.reason).toMatch(/^post-GC heapUsed \+6 B\/cycle \(limit 128 B\)/);
    expect(v.evidence.find((e) => e.name === 'heapUsed')?.detail).toMatch(/below the limit$/);
  });

  it('shows rss growth but never judges on it', () => {
    const rnd = noise(26);
    const v = judgeSpec({ n: 200, rss: (_i, c) => 80 * MB + 5000 * c + 8 * MB * rnd() });
    expect(v.verdict).toBe('pass');
    expect(v.growth[2]?.perCycle).toBeGreaterThan(4000);
  });

  it('fails handles growing 1/cycle; passes handle counts that fluctuate', () => {
    const v = judgeSpec({ n: 200, resources: (_i, c) => ({ Timeout: 2 + c }) });
    expect(v.verdict).toBe('fail');
    expect(v.reason).toBe('≈1.00 Timeout per cycle (2 → 5,972 over 5,970 cycles)');
    const rnd = noise(27);
    const ok = judgeSpec({ n: 200, resources: () => ({ TCPSocketWrap: Math.round(2 + 2 * rnd()) }) });
    expect(ok.verdict).toBe('pass');
  });

  it('fails a handle leak even when the window is too short for a trend', () => {
    const v = judgeSpec({ n: 6, resources: (_i, c) => ({ Timeout: 2 + c }) });
    expect(v.verdict).toBe('fail');
    expect(v.evidence.map((e) => [e.kind, e.failing])).toContainEqual(['note', false]);
  });

  it('is inconclusive with too few cycles, with the exact message', () => {
    const v = judgeSpec({ n: 9, cyclesPerSample: 4, heap: (_i, c) => 10 * MB + 5000 * c });
    expect(v.verdict).toBe('inconclusive');
    expect(v.reason).toBe('32 cycles in the judged window; need at least 200 — raise duration or lower disconnect.after');
  });

  it('judges object groups from snapshots: growth fails, warm-up passes', () => {
    const points = [40_000, 100_000, 160_000].map((t) => ({ t, cycle: (t / 1000) * 30 }));
    const withGroups = (counts: number[], name: string) =>
      judge(makeInput({
        samples: makeSamples({ n: 200 }),
        snapshots: makeSnapshots(points),
        objectGroups: [{ name, counts, selfSizes: counts.map((c) => c * 64) }],
      }));
    const leak = withGroups([10, 1810, 3610], 'Timeout');
    expect(leak.verdict).toBe('fail');
    expect(leak.reason).toBe('Timeout +1.00/cycle (10 → 3,610 over 3,600 cycles, 3 snapshots; +64 B self size per cycle)');
    const warm = withGroups([2000, 2600, 2700], '(compiled code)');
    expect(warm.verdict).toBe('pass');
    expect(warm.reason).toMatch(/, no handle, listener or object growth over 5,970 cycles$/);
  });

  it('marks each evidence with its rule, whether it says something was not judged, and its retainer path', () => {
    const points = [40_000, 100_000, 160_000].map((t) => ({ t, cycle: (t / 1000) * 30 }));
    const path = ['(GC roots)', 'registry: Map', 'Session'];
    const v = judge(makeInput({
      samples: makeSamples({ n: 200, heap: (_i, c) => 10 * MB + 1032 * c }),
      snapshots: makeSnapshots(points),
      objectGroups: [{ name: 'Session', counts: [10, 1810, 3610], selfSizes: [0, 0, 0], retainerPath: path }],
    }));
    expect(v.evidence.map((e) => [e.rule, e.kind, e.name, e.notJudged, e.retainerPath])).toEqual([
      ['heap-trend', 'trend', 'heapUsed', false, null],
      ['object-growth', 'objects', 'Session', false, path],
      ['external-trend', 'trend', 'external', false, null],
    ]);
    // Too few snapshots in the window: the object-growth note says so, and the pass reason leaves objects out.
    const [first] = points;
    const noted = judge(makeInput({
      samples: makeSamples({ n: 200 }),
      snapshots: makeSnapshots(first ? [first] : []),
      objectGroups: [{ name: 'Session', counts: [10], selfSizes: [0] }],
    }));
    expect(noted.evidence.find((e) => e.kind === 'note')).toMatchObject({ rule: 'object-growth', notJudged: true, retainerPath: null });
    expect(noted.reason).toMatch(/, no handle or listener growth over 5,970 cycles$/);
    // Too little data: the enough-data note and both trends are marked as not judged.
    const short = judgeSpec({ n: 3 });
    expect(short.evidence.filter((e) => e.notJudged).map((e) => e.rule)).toEqual(['enough-data', 'heap-trend', 'external-trend']);
  });

  it('sorts failing evidence by kind (handles and listeners, trends, named objects, other objects), then by how far past its floor', () => {
    const points = [40_000, 100_000, 160_000].map((t) => ({ t, cycle: (t / 1000) * 30 }));
    const objects = (name: string, perCycle: number) => {
      const counts = points.map((p) => 10 + perCycle * (p.cycle - 1200));
      return { name, counts, selfSizes: counts.map((c) => c * 64) };
    };
    const v = judge(makeInput({
      samples: makeSamples({
        n: 200,
        heap: (_i, c) => 10 * MB + 1032 * c,
        resources: (_i, c) => ({ Timeout: 2 + c }),
        listeners: (_i, c) => ({ exit: 1 + Math.floor(c / 10) }),
      }),
      snapshots: makeSnapshots(points),
      objectGroups: [objects('(closure)', 7), objects('WebSocket', 1), objects('Array', 5)],
    }));
    expect(v.evidence.map((e) => [e.name, e.failing])).toEqual([
      ['Timeout', true], // 1.00/cycle = 20× the 0.05 floor
      ["process 'exit' listeners", true], // 0.10/cycle = 2×
      ['heapUsed', true], // 1,032 B = 8× the 128 B limit
      ['Array', true], // named groups: 5.00/cycle before 1.00/cycle
      ['WebSocket', true],
      ['(closure)', true], // 7.00/cycle, but not a constructor name
      ['external', false],
    ]);
    expect(v.reason).toBe(
      '≈1.00 Timeout per cycle (2 → 5,972 over 5,970 cycles), ' +
        "process 'exit' listeners +0.10/cycle (1 → 598 over 5,970 cycles), " +
        'post-GC heapUsed +1,032 B/cycle (95% CI 1,032–1,032; limit 128 B), and 3 more',
    );
  });

  it('names at most three items in the reason', () => {
    const resources = (_i: number, c: number) => ({ A: c, B: c, C: c, D: c, E: c });
    expect(judgeSpec({ n: 200, resources }).reason).toMatch(/ per cycle \(0 → 5,970 over 5,970 cycles\), and 2 more$/);
  });

  it('judges only after warm-up', () => {
    // Fast growth during the first half of the run, flat after it.
    const heap = (_i: number, c: number) => 10 * MB + 2000 * Math.min(c, 3000);
    const scenario = makeScenario({ warmup: { kind: 'fraction', fraction: 0.55 } });
    const v = judge(makeInput({ samples: makeSamples({ n: 200, heap }), scenario }));
    expect(v.verdict).toBe('pass');
    expect(v.judgedWindow.fromMs).toBeCloseTo(109_450, 6);
    expect(v.judgedWindow.fromCycle).toBe(3300);
    expect(v.growth[0]?.perCycle).toBe(0);
    expect(v.growth[0]?.total).toBe(0);
    // Judged from the start, the same run shows the warm-up growth (levelling off).
    const all = judgeSpec({ n: 200, heap });
    expect(all.growth[0]?.perCycle).toBeGreaterThan(128);
    expect(all.growth[0]?.saturating).toBe(true);
  });
});

describe('combineVerdicts', () => {
  const role = (verdict: Verdict): RoleVerdict => ({
    role: 'client',
    verdict,
    reason: '',
    judgedWindow: { fromMs: 0, toMs: 0, fromCycle: 0, toCycle: 0, samples: 0 },
    growth: [],
    evidence: [],
  });

  it('ranks fail > error > inconclusive > pass', () => {
    expect(combineVerdicts([role('pass'), role('fail'), role('error')])).toBe('fail');
    expect(combineVerdicts([role('inconclusive'), role('error')])).toBe('error');
    expect(combineVerdicts([role('pass'), role('inconclusive')])).toBe('inconclusive');
    expect(combineVerdicts([role('pass'), role('pass')])).toBe('pass');
  });

  it('is inconclusive with no roles', () => {
    expect(combineVerdicts([])).toBe('inconclusive');
  });
});

describe('judge, provisional: too early to tell a leak from memory held for a while', () => {
  // A timer leaked per cycle, 50 cycles a second, sampled every second; warm-up 25% of the elapsed time.
  const provisional = (seconds: number) => {
    const samples = makeSamples({ n: seconds + 1, cyclesPerSample: 50, resources: (_i, c) => ({ Timeout: c }) });
    const input = makeInput({ samples, scenario: makeScenario({ warmup: { kind: 'fraction', fraction: 0.25 } }) });
    return judge({ ...input, provisional: true });
  };

  it('does not fail before the window has judged 15 s, and says why', () => {
    const v = provisional(12);
    expect(v.verdict).toBe('inconclusive');
    expect(v.reason).toContain('too early to tell from memory held for a while: 9.0 s judged, a provisional failure needs 15.0 s');
    const timeout = v.evidence.find((e) => e.name === 'Timeout');
    expect(timeout).toMatchObject({ failing: false, notJudged: true });
  });

  it('fails once it has, and a final verdict never waits', () => {
    expect(provisional(21).verdict).toBe('fail');
    const samples = makeSamples({ n: 13, cyclesPerSample: 50, resources: (_i, c) => ({ Timeout: c }) });
    expect(judge(makeInput({ samples, scenario: makeScenario({ warmup: { kind: 'fraction', fraction: 0.25 } }) })).verdict).toBe('fail');
  });
});

describe('judge, provisional, once the run has ended', () => {
  it('fails a short window: nothing is left to stop early', () => {
    const samples = makeSamples({ n: 13, cyclesPerSample: 50, resources: (_i, c) => ({ Timeout: c }) });
    const input = makeInput({ samples, scenario: makeScenario({ warmup: { kind: 'fraction', fraction: 0.25 } }) });
    expect(judge({ ...input, provisional: true }).verdict).toBe('inconclusive');
    expect(judge({ ...input, provisional: true, ended: true }).verdict).toBe('fail');
  });
});

describe('judge, provisional: only unmistakable growth settles mid-run', () => {
  it('does not settle on 0.2 Timeouts per cycle (a level moving with the rate), but the full run still judges it', () => {
    const samples = makeSamples({ n: 31, cyclesPerSample: 50, resources: (_i, c) => ({ Timeout: Math.floor(c / 5) }) });
    const input = makeInput({ samples, scenario: makeScenario({ warmup: { kind: 'fraction', fraction: 0.25 } }) });
    const early = judge({ ...input, provisional: true });
    expect(early.verdict).toBe('inconclusive');
    expect(early.evidence.find((e) => e.name === 'Timeout')?.detail).toContain('below the 0.50/cycle a provisional verdict settles on (the full run judges it)');
    expect(judge({ ...input, provisional: true, ended: true }).verdict).toBe('fail');
    expect(judge(input).verdict).toBe('fail');
  });
});
