/**
 * Compares a run with a baseline run: growth per cycle of each series and the evidence, side by
 * side, and whether the run regressed beyond a tolerance. Pure: two summaries in, data out.
 *
 * A judged series (post-GC heapUsed, external) regresses when the run's whole 95% confidence
 * interval of growth per cycle lies above `max(baseline, 0) × (1 + tolerance) + slack`: noise in
 * a short run cannot trip it, a real change can. rss is shown, never judged. Failing evidence
 * the baseline did not have, a verdict that became `fail`, and failing counts that grew beyond
 * the tolerance are regressions too.
 */
import type { Summary } from '../analysis/summary.js';
import type { Role } from '../scenario/types.js';
import type { Evidence, SeriesGrowth } from '../verdict/types.js';
import { formatEvidencePerCycle } from './evidence-format.js';
import { shownGrowth } from './judged-growth.js';
import { formatSignedBytes } from '../format/units.js';

/** Growth per cycle of a failing count (handles, listeners, objects) allowed on top of the tolerance. */
export const COUNT_SLACK_PER_CYCLE = 0.05;

/** How a series of the run compares with the baseline (see the file comment for the rule). */
export type SeriesStatus = 'regressed' | 'above, within noise' | 'ok' | 'improved' | 'not judged' | 'missing';

/** One series of one process, in both runs. */
export interface SeriesComparison {
  role: Role;
  series: SeriesGrowth['series'];
  baseline: SeriesGrowth | null;
  run: SeriesGrowth | null;
  /** Most growth per cycle the run may have (null for rss or a missing side). */
  allowedPerCycle: number | null;
  status: SeriesStatus;
}

/** One piece of failing evidence, in either run. */
export interface EvidenceComparison {
  role: Role;
  kind: Evidence['kind'];
  name: string;
  baseline: Evidence | null;
  run: Evidence | null;
  status: 'new' | 'worse' | 'still failing' | 'gone';
}

/** What the comparison says about each run. */
export interface RunSide {
  dir: string;
  scenario: string;
  verdict: Summary['verdict'];
  reason: string;
  startedAt: string;
  cycles: number;
  durationMs: number;
}

/** The outcome of `compareRuns`; `ws-soak compare --json` prints it. */
export interface RunComparison {
  baseline: RunSide;
  run: RunSide;
  tolerance: number;
  slackBytesPerCycle: number;
  series: SeriesComparison[];
  evidence: EvidenceComparison[];
  /** One line per regression; empty when the run did not regress. */
  regressions: string[];
  /** Why the runs cannot be fully compared (different scenarios, a role judged in only one). */
  notes: string[];
  regressed: boolean;
  /** Either run ended in an error, so its figures say nothing about leaks. */
  comparable: boolean;
}

function side(dir: string, s: Summary): RunSide {
  return { dir, scenario: s.scenario, verdict: s.verdict, reason: s.reason, startedAt: s.startedAt, cycles: s.cycles, durationMs: s.durationMs };
}

function compareSeries(role: Role, base: SeriesGrowth | null, run: SeriesGrowth | null, tolerance: number, slack: number): SeriesComparison {
  const series = (run ?? base)?.series ?? 'heapUsed';
  if (!base || !run) return { role, series, baseline: base, run, allowedPerCycle: null, status: 'missing' };
  if (series === 'rss') return { role, series, baseline: base, run, allowedPerCycle: null, status: 'not judged' };
  const allowed = Math.max(0, base.perCycle) * (1 + tolerance) + slack;
  let status: SeriesStatus = 'ok';
  if (run.perCycleLow > allowed) status = 'regressed';
  else if (run.perCycle > allowed) status = 'above, within noise';
  else if (base.perCycle > slack && run.perCycle < base.perCycle / (1 + tolerance)) status = 'improved';
  return { role, series, baseline: base, run, allowedPerCycle: allowed, status };
}

const key = (e: Evidence) => `${e.kind}\u0000${e.name}`;

function compareEvidence(role: Role, base: Evidence[], run: Evidence[], tolerance: number): EvidenceComparison[] {
  const failingBase = new Map(base.filter((e) => e.failing && e.kind !== 'trend').map((e) => [key(e), e]));
  const failingRun = new Map(run.filter((e) => e.failing && e.kind !== 'trend').map((e) => [key(e), e]));
  const out: EvidenceComparison[] = [];
  for (const [k, e] of failingRun) {
    const b = failingBase.get(k) ?? null;
    const worse = b !== null && e.perCycle > Math.max(0, b.perCycle) * (1 + tolerance) + COUNT_SLACK_PER_CYCLE;
    out.push({ role, kind: e.kind, name: e.name, baseline: b, run: e, status: b === null ? 'new' : worse ? 'worse' : 'still failing' });
  }
  for (const [k, b] of failingBase) if (!failingRun.has(k)) out.push({ role, kind: b.kind, name: b.name, baseline: b, run: null, status: 'gone' });
  return out;
}

/** Compares `run` with `baseline`; `tolerance` is a fraction (0.25 = 25%), `slackBytesPerCycle` an absolute allowance. */
export function compareRuns(
  baseline: { dir: string; summary: Summary },
  run: { dir: string; summary: Summary },
  options: { tolerance: number; slackBytesPerCycle: number },
): RunComparison {
  const { tolerance, slackBytesPerCycle: slack } = options;
  const b = baseline.summary;
  const r = run.summary;
  const notes: string[] = [];
  if (b.scenario !== r.scenario) notes.push(`different scenarios: the baseline ran "${b.scenario}", the run "${r.scenario}"`);
  const roles = [...new Set([...b.processes.map((p) => p.role), ...r.processes.map((p) => p.role)])];
  const series: SeriesComparison[] = [];
  const evidence: EvidenceComparison[] = [];
  for (const role of roles) {
    const bp = b.processes.find((p) => p.role === role);
    const rp = r.processes.find((p) => p.role === role);
    if (!bp || !rp) notes.push(`the ${role} was judged only in the ${bp ? 'baseline' : 'run'}`);
    if (bp && rp && Boolean(bp.judgedHeapUsed) !== Boolean(rp.judgedHeapUsed)) {
      notes.push(`the ${bp.judgedHeapUsed ? 'run' : 'baseline'}'s summary.json predates the judged heap figure: its heapUsed includes V8's compiled code`);
    }
    for (const name of ['heapUsed', 'external', 'rss'] as const) {
      // heapUsed as each run's verdict judged it (net of V8's compiled code), where the summary has it.
      const bg = (bp ? shownGrowth(bp) : []).find((g) => g.series === name) ?? null;
      const rg = (rp ? shownGrowth(rp) : []).find((g) => g.series === name) ?? null;
      if (bg || rg) series.push(compareSeries(role, bg, rg, tolerance, slack));
    }
    evidence.push(...compareEvidence(role, bp?.evidence ?? [], rp?.evidence ?? [], tolerance));
  }
  const regressions: string[] = [];
  for (const s of series.filter((s) => s.status === 'regressed')) {
    regressions.push(
      `${s.role} ${s.series} ${formatSignedBytes(s.run?.perCycle ?? 0)}/cycle (95% CI from ${formatSignedBytes(s.run?.perCycleLow ?? 0)}) ` +
        `vs baseline ${formatSignedBytes(s.baseline?.perCycle ?? 0)}/cycle; allowed ${formatSignedBytes(s.allowedPerCycle ?? 0)}/cycle`,
    );
  }
  for (const e of evidence.filter((e) => e.status === 'new' || e.status === 'worse')) {
    const was = e.baseline ? ` (baseline ${formatEvidencePerCycle(e.baseline)})` : '';
    regressions.push(`${e.status === 'new' ? 'new' : 'worse'} failing evidence: ${e.role} [${e.kind}] ${e.name} ${e.run ? formatEvidencePerCycle(e.run) : ''}${was}`);
  }
  if (r.verdict === 'fail' && b.verdict !== 'fail') regressions.unshift(`verdict ${b.verdict} → fail: ${r.reason}`);
  const comparable = b.verdict !== 'error' && r.verdict !== 'error';
  if (!comparable) notes.push(`the ${b.verdict === 'error' ? 'baseline' : 'run'} ended in an error, so its figures say nothing about leaks`);
  return {
    baseline: side(baseline.dir, b),
    run: side(run.dir, r),
    tolerance,
    slackBytesPerCycle: slack,
    series,
    evidence,
    regressions,
    notes,
    regressed: regressions.length > 0,
    comparable,
  };
}
