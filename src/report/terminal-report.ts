/**
 * The end-of-run text: trend charts (asciichart) of post-GC heapUsed and rss, the verdict,
 * and the figures behind it. Returns strings; the CLI decides where they go.
 */
import asciichart from 'asciichart';
import { TERMINAL_CHART_HEIGHT, TERMINAL_CHART_WIDTH } from '../constants.js';
import type { Summary } from '../analysis/summary.js';
import type { Sample } from '../model/sample.js';
import { formatBytes, formatCount, formatPerCycle, formatSeconds } from '../format/units.js';
import { connectionLines } from './connection-lines.js';
import { downsampleMean } from './downsample.js';

const MiB = 1024 * 1024;

function chart(title: string, values: number[], unit: string): string {
  if (values.length < 2) return `${title}: not enough samples to chart\n`;
  const points = downsampleMean(values, TERMINAL_CHART_WIDTH);
  const body = asciichart.plot(points, {
    height: TERMINAL_CHART_HEIGHT,
    format: (x: number) => `${x.toFixed(2).padStart(9)} ${unit}`,
  });
  return `${title}\n${body}\n`;
}

/** Charts for every process under test: post-GC heapUsed and rss over the run. */
export function renderCharts(samples: Sample[], roles: string[]): string {
  const parts: string[] = [];
  for (const role of roles) {
    const mine = samples.filter((s) => s.role === role);
    const seconds = mine.length ? Math.round((mine[mine.length - 1]?.t ?? 0) / 1000) : 0;
    const heap = mine.filter((s) => s.postGc).map((s) => (s.postGc?.heapUsed ?? 0) / MiB);
    const rss = mine.map((s) => s.mem.rss / MiB);
    parts.push(chart(`${role}: post-GC heapUsed over ${seconds} s (${mine.length} samples)`, heap, 'MiB'));
    parts.push(chart(`${role}: rss over ${seconds} s (shown, not judged: snapshots and allocator behaviour move it)`, rss, 'MiB'));
  }
  return parts.join('\n');
}

/** The verdict block: verdict, reason, key figures, evidence (largest first). */
export function renderVerdict(summary: Summary, maxEvidence = 8): string {
  const lines: string[] = [];
  lines.push(`verdict: ${summary.verdict.toUpperCase()} — ${summary.reason}`);
  // Older summaries have no `connections`; the report command renders those too.
  const connections = summary.connections ?? {};
  // The connection lines already list the close codes of each side that has counts.
  const codes = connections[summary.closeCodesSeenBy]
    ? ''
    : Object.entries(summary.closeCodes)
        .map(([code, n]) => `${code}×${formatCount(n)}`)
        .join(', ');
  lines.push(
    `  ${formatCount(summary.cycles)} cycles in ${formatSeconds(summary.durationMs)} (${summary.cyclesPerSecond}/s)` +
      (codes ? `; close codes seen by the ${summary.closeCodesSeenBy}: ${codes}` : ''),
  );
  for (const line of connectionLines(connections)) {
    lines.push(`  ${line.finding ? '⚠ ' : ''}${line.text}`);
  }
  for (const p of summary.processes) {
    const w = p.judgedWindow;
    lines.push(`  ${p.role}: ${p.verdict} — judged cycles ${formatCount(w.fromCycle)}–${formatCount(w.toCycle)} (${w.samples} post-GC samples)`);
    // The loop's rate per phase: a level of rate × retention moves with it (docs/verdict.md).
    const r = p.cycleRates;
    if (r) lines.push(`    cycles/s: warm-up ${r.warmup ?? '—'}; judged window ${r.window.map((x) => x ?? '—').join(', ')} (by thirds)`);
    for (const g of p.growth) {
      lines.push(
        `    ${g.series.padEnd(9)} ${formatPerCycle(g.perCycle, 'bytes').padStart(16)}  ${formatBytes(g.perMinute)}/min` +
          `  (95% CI ${formatBytes(g.perCycleLow)}…${formatBytes(g.perCycleHigh)}, p=${g.pValue.toPrecision(2)}` +
          `${g.saturating ? ', saturating' : ''})`,
      );
    }
    for (const e of p.evidence.slice(0, maxEvidence)) {
      lines.push(`    ${e.failing ? '✗' : '·'} [${e.kind}] ${e.name}: ${e.detail}`);
    }
  }
  if (summary.snapshots.length) lines.push(`  snapshots: ${summary.snapshots.join(', ')}`);
  for (const f of summary.snapshotFailures) lines.push(`  snapshot ${f.role} #${f.seq} failed: ${f.message}`);
  if (summary.error) lines.push(`  error: ${summary.error.message}`);
  return lines.join('\n') + '\n';
}
