/** The regression rule of compareRuns on the figures of two summaries (the CLI is tested in test/commands). */
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/analysis/summary.js';
import { compareRuns } from '../../src/report/run-comparison.js';
import type { Evidence, RoleVerdict, SeriesGrowth } from '../../src/verdict/types.js';

function growth(perCycle: number, low: number, high: number): SeriesGrowth {
  return { series: 'heapUsed', perCycle, perCycleLow: low, perCycleHigh: high, perMinute: 0, pValue: 0.001, saturating: false, total: 0 };
}

function summary(verdict: Summary['verdict'], heap: SeriesGrowth, evidence: Evidence[] = []): Summary {
  const process: RoleVerdict = {
    role: 'client',
    verdict: verdict === 'error' ? 'pass' : verdict,
    reason: verdict,
    judgedWindow: { fromMs: 0, toMs: 1, fromCycle: 0, toCycle: 1, samples: 10 },
    growth: [heap],
    evidence,
  };
  return { scenario: 's', verdict, reason: verdict, startedAt: '', cycles: 1000, durationMs: 1000, processes: [process] } as unknown as Summary;
}

const compare = (b: Summary, r: Summary) => compareRuns({ dir: 'b', summary: b }, { dir: 'r', summary: r }, { tolerance: 0.25, slackBytesPerCycle: 100 });
const timer = (perCycle: number): Evidence => ({ kind: 'handles', name: 'Timeout', perCycle, detail: 'Timeout grows', failing: true });

/** A summary whose verdict judged `net` (V8's compiled code taken off `raw`). */
function judgedSummary(raw: SeriesGrowth, net: SeriesGrowth): Summary {
  const s = summary('pass', raw);
  const p = s.processes[0]!;
  p.judgedHeapUsed = { growth: net, rawPerCycle: raw.perCycle, codePerCycle: raw.perCycle - net.perCycle, codeSource: 'snapshots', limitPerCycle: 128, allowancePerCycle: 0 };
  return s;
}

describe('compareRuns', () => {
  it('compares heapUsed as the verdicts judged it (net of V8 code), not the raw series', () => {
    const base = judgedSummary(growth(400, 300, 500), growth(20, 0, 40)); // allowed: 20 × 1.25 + 100 = 125
    const run = judgedSummary(growth(900, 700, 1100), growth(60, 40, 80)); // raw would regress; judged does not
    const c = compare(base, run);
    expect(c.series[0]).toMatchObject({ status: 'ok', allowedPerCycle: 125 });
    expect(c.series[0]?.run?.perCycle).toBe(60);
    expect(c.regressed).toBe(false);
    expect(compare(base, judgedSummary(growth(900, 700, 1100), growth(300, 200, 400))).series[0]?.status).toBe('regressed');
    expect(compare(summary('pass', growth(400, 300, 500)), run).notes).toContain(
      "the baseline's summary.json predates the judged heap figure: its heapUsed includes V8's compiled code",
    );
  });

  it('regresses a series only when the whole CI lies above baseline × 1.25 + slack', () => {
    const base = summary('pass', growth(400, 300, 500)); // allowed: 400 × 1.25 + 100 = 600
    expect(compare(base, summary('pass', growth(900, 601, 1200))).series[0]).toMatchObject({ status: 'regressed', allowedPerCycle: 600 });
    expect(compare(base, summary('pass', growth(900, 599, 1200))).series[0]?.status).toBe('above, within noise');
    expect(compare(base, summary('pass', growth(600, 500, 700))).series[0]?.status).toBe('ok');
    expect(compare(base, summary('pass', growth(300, 200, 400))).series[0]?.status).toBe('improved');
    expect(compare(base, summary('pass', growth(900, 599, 1200))).regressed).toBe(false);
  });

  it('treats a shrinking baseline as zero growth', () => {
    const base = summary('pass', growth(-5000, -6000, -4000));
    expect(compare(base, summary('pass', growth(150, 101, 200))).series[0]).toMatchObject({ status: 'regressed', allowedPerCycle: 100 });
  });

  it('regresses on new failing evidence and on failing evidence that grew beyond the tolerance, not on the same', () => {
    const flat = growth(0, -10, 10);
    const fresh = compare(summary('fail', flat, [timer(1)]), summary('fail', flat, [timer(1), { ...timer(0.5), kind: 'listeners', name: 'exit' }]));
    expect(fresh.regressions).toEqual(['new failing evidence: client [listeners] exit +0.50/cycle']);
    const worse = compare(summary('fail', flat, [timer(1)]), summary('fail', flat, [timer(1.31)]));
    expect(worse.evidence[0]?.status).toBe('worse');
    expect(worse.regressed).toBe(true);
    const same = compare(summary('fail', flat, [timer(1)]), summary('fail', flat, [timer(1.29)]));
    expect(same.evidence[0]?.status).toBe('still failing');
    expect(same.regressed).toBe(false);
    const fixed = compare(summary('fail', flat, [timer(1)]), summary('pass', flat));
    expect(fixed.evidence[0]?.status).toBe('gone');
    expect(fixed.regressed).toBe(false);
  });

  it('says a run that ended in an error is not comparable', () => {
    const c = compare(summary('pass', growth(0, 0, 0)), summary('error', growth(0, 0, 0)));
    expect(c.comparable).toBe(false);
    expect(c.notes).toEqual(['the run ended in an error, so its figures say nothing about leaks']);
  });
});
