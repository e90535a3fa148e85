/**
 * One frame of the live terminal view: a progress bar, a chart of post-GC heapUsed so far, and
 * the verdict evidence as it forms. Pure: state in, lines out (each fits the terminal width, so
 * the view can move the cursor back over exactly these lines and redraw).
 */
import { stripControl } from './terminal-text.js';
import asciichart from 'asciichart';
import { formatClock, formatCount, formatPerCycle } from '../format/units.js';
import type { ProvisionalTrend, ProvisionalVerdict } from '../model/provisional.js';
import type { Role } from '../scenario/types.js';
import { downsampleMean } from './downsample.js';
import type { ProgressFigures } from './progress-math.js';

/** Rows of the live chart, per process under test (two processes share the space). */
const LIVE_CHART_ROWS = 8;
/** Columns taken by the chart's y labels ("  12.34 MiB ┤"). */
const CHART_LABEL_COLUMNS = 14;
/** Failing evidence lines shown per process. */
const LIVE_MAX_EVIDENCE = 3;

/** What one frame shows; built by the live view from the run's events. */
export interface LiveState {
  /** First line: what runs, and where it writes. */
  title: string;
  elapsedMs: number;
  cycles: number;
  cyclesPerSecond: number;
  progress: ProgressFigures;
  /** Post-GC heapUsed so far (MiB) per process under test. */
  heap: Array<{ role: Role; mib: number[] }>;
  /** The latest provisional verdict of the run (its `provisional` event), or null before the first. */
  provisional: ProvisionalVerdict | null;
  lastSnapshot: string | null;
  warnings: string[];
}

function bar(fraction: number | null, width: number): string {
  if (fraction === null) return '';
  const filled = Math.round(fraction * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  `;
}

function fit(line: string, columns: number): string {
  const chars = [...line];
  return chars.length < columns ? line : `${chars.slice(0, Math.max(1, columns - 2)).join('')}…`;
}

function chartLines(heap: LiveState['heap'], columns: number): string[] {
  const rows = heap.length > 1 ? Math.max(3, Math.floor(LIVE_CHART_ROWS / heap.length)) : LIVE_CHART_ROWS;
  const width = Math.max(10, Math.min(72, columns - CHART_LABEL_COLUMNS - 1));
  const lines: string[] = [];
  for (const { role, mib } of heap) {
    lines.push(`${role}: post-GC heapUsed, ${formatCount(mib.length)} post-GC samples`);
    if (mib.length < 2) {
      lines.push('  (charted from the second sample on)');
      continue;
    }
    const plot = asciichart.plot(downsampleMean(mib, width), { height: rows - 1, format: (x: number) => `${x.toFixed(2).padStart(8)} MiB` });
    lines.push(...plot.split('\n'));
  }
  return lines;
}

function evidenceLines(state: LiveState): string[] {
  const verdict = state.provisional;
  if (verdict === null || verdict.processes.length === 0) return ['evidence: forming…'];
  if (verdict.atMs < verdict.warmupEndsMs) {
    return [`evidence: warming up until ${formatClock(verdict.warmupEndsMs)} (not judged)`];
  }
  const trend = (g: ProvisionalTrend | null, name: string) => {
    if (!g) return `${name} —`;
    const raw = g.rawPerCycle === undefined ? '' : `raw ${formatPerCycle(g.rawPerCycle, 'bytes')} incl. V8 code, `;
    return `${name} ${formatPerCycle(g.perCycle, 'bytes')} (${raw}p=${g.pValue.toPrecision(2)})`;
  };
  const lines = ['evidence so far (provisional):'];
  for (const p of verdict.processes) {
    lines.push(`  ${p.label ?? p.role}: ${p.verdict.toUpperCase()} so far · ${formatCount(p.cyclesJudged)} cycles judged`);
    lines.push(`    ${trend(p.heapUsed, 'heapUsed')} · ${trend(p.external, 'external')}`);
    const failing = p.failing;
    for (const e of failing.slice(0, LIVE_MAX_EVIDENCE)) lines.push(`    ✗ [${e.kind}] ${stripControl(e.name)} ${formatPerCycle(e.perCycle, e.unit)}`);
    if (failing.length > LIVE_MAX_EVIDENCE) lines.push(`    … and ${failing.length - LIVE_MAX_EVIDENCE} more`);
    if (failing.length === 0 && p.verdict === 'inconclusive') lines.push(`    ${p.reason}`);
  }
  return lines;
}

/** The lines of one frame, each shorter than `columns`. */
export function renderLiveFrame(state: LiveState, columns: number): string[] {
  const cols = Math.max(40, columns);
  const eta = state.progress.etaMs === null ? '' : `  ETA ${formatClock(state.progress.etaMs)}`;
  const lines = [
    state.title,
    `${bar(state.progress.fraction, 24)}${state.progress.ofTotal}  ${formatCount(state.cycles)} cycles  ${state.cyclesPerSecond.toFixed(0)}/s${eta}`,
    ...chartLines(state.heap, cols),
    ...evidenceLines(state),
  ];
  if (state.lastSnapshot) lines.push(`last snapshot: ${state.lastSnapshot}`);
  for (const w of state.warnings) lines.push(`warning: ${w}`);
  return lines.map((l) => fit(l, cols));
}
