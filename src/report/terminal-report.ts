/**
 * The end-of-run text for the terminal: the figures behind the verdict, where the run folder and
 * report.html are, what to run next, and the verdict itself last (bold and coloured when the
 * terminal takes colour). Returns a string; the CLI decides where it goes.
 */
import type { Summary } from '../analysis/summary.js';
import { formatBytes, formatCount, formatPerCycle, formatSeconds } from '../format/units.js';
import { connectionLines } from './connection-lines.js';
import { leadHeadlines, siteText } from './headlines.js';
import { rawDetail, seriesLabel, shownGrowth } from './judged-growth.js';
import { paint, PLAIN_STYLE, wrapText, type TerminalStyle } from './terminal-style.js';
import { stripControl } from './terminal-text.js';
import { processName } from '../verdict/types.js';

/** Where the run's files are, for the next-step lines; absent for a summary re-rendered without its folder. */
export interface FinalScreenPaths {
  dir: string;
  /** report.html, when it was written. */
  reportHtml: string | null;
  /** Whether the run folder holds two or more snapshots of a process under test (for `ws-soak diff`). */
  diffable: boolean;
}

const VERDICT_COLOR = { pass: 'green', fail: 'red', inconclusive: 'yellow', error: 'red' } as const;

/** The figures: cycles, connections, per process the judged window, growth rows and evidence. */
function figureLines(summary: Summary, maxEvidence: number, fullPaths = false): string[] {
  const lines: string[] = [];
  // Nothing was measured: no figures to show.
  if (summary.error && summary.processes.length === 0 && summary.cycles === 0) return lines;
  // Older summaries have no `connections`; the report command renders those too.
  const connections = summary.connections ?? {};
  // The connection lines already list the close codes of each side that has counts.
  const codes = connections[summary.closeCodesSeenBy]
    ? ''
    : Object.entries(summary.closeCodes)
        .map(([code, n]) => `${code}×${formatCount(n)}`)
        .join(', ');
  // First what to fix, in plain words; the figures behind it follow.
  for (const headline of leadHeadlines(summary)) lines.push(`  ✗ ${headline}`);
  lines.push(
    `  ${formatCount(summary.cycles)} cycles in ${formatSeconds(summary.durationMs)} (${summary.cyclesPerSecond}/s)` +
      (codes ? `; close codes seen by the ${summary.closeCodesSeenBy}: ${codes}` : ''),
  );
  for (const line of connectionLines(connections)) lines.push(`  ${line.finding ? '⚠ ' : ''}${line.text}`);
  for (const p of summary.processes) {
    const w = p.judgedWindow;
    lines.push(
      `  ${processName(p)}: ${p.verdict} — ${formatCount(w.toCycle - w.fromCycle)} cycles judged ` +
        `(${formatCount(w.fromCycle)}–${formatCount(w.toCycle)}, ${p.source === 'os' ? 'OS evidence from /proc: open fds by kind' : `${formatCount(w.samples)} post-GC samples`})`,
    );
    // The loop's rate per phase: a level of rate × retention moves with it (docs/verdict.md).
    const r = p.cycleRates;
    if (r) lines.push(`    cycles/s: warm-up ${r.warmup ?? '—'}; judged window ${r.window.map((x) => x ?? '—').join(', ')} (by thirds)`);
    for (const g of shownGrowth(p)) {
      const raw = rawDetail(g);
      lines.push(
        `    ${seriesLabel(g).padEnd(17)} ${formatPerCycle(g.perCycle, 'bytes').padStart(16)}  ${formatBytes(g.perMinute)}/min` +
          `  (95% CI ${formatBytes(g.perCycleLow)}…${formatBytes(g.perCycleHigh)}, p=${g.pValue.toPrecision(2)}` +
          `${g.saturating ? ', saturating' : ''})${raw ? `; ${raw}` : ''}`,
      );
    }
    for (const e of p.evidence.slice(0, maxEvidence)) {
      lines.push(`    ${e.failing ? '✗' : '·'} [${e.kind}] ${e.name}: ${e.detail}`);
      for (const site of e.sites ?? []) lines.push(`        at ${siteText(site)}`);
      // The detail names the short path; --verbose adds the whole chain from the GC roots.
      if (fullPaths && e.retainerPath) lines.push(`        retainer path: ${e.retainerPath.join(' → ')}`);
    }
    if (p.evidence.length > maxEvidence) lines.push(`    … and ${p.evidence.length - maxEvidence} more in report.html`);
  }
  if (summary.snapshots.length) lines.push(`  snapshots: ${summary.snapshots.join(', ')}`);
  if (summary.sitesPhase) lines.push(`  sites phase: +${formatSeconds(summary.sitesPhase.ms)} after the run (${formatCount(summary.sitesPhase.cycles)} cycles; --no-sites to skip)${summary.sitesPhase.failures.length ? `; ${summary.sitesPhase.failures.join('; ')}` : ''}`);
  for (const f of summary.snapshotFailures) lines.push(`  snapshot ${f.role} #${f.seq} failed: ${f.message}`);
  return lines;
}

/** The error's lines after its first (the child's stderr, the fix): the verdict line gives the first, once. */
function errorDetailLines(summary: Summary): string[] {
  return (summary.error?.message.split('\n').slice(1) ?? []).filter((l) => l.trim()).map((l) => `  ${l.trim()}`);
}

/** Where to look and what to run next. */
function nextLines(summary: Summary, paths: FinalScreenPaths): string[] {
  const lines = [`  run folder: ${paths.dir}`];
  if (paths.reportHtml) lines.push(`  report:     ${paths.reportHtml} (charts and evidence; opens offline)`);
  if (summary.verdict === 'fail' && paths.diffable) {
    lines.push(`  next:       ws-soak diff ${paths.dir}   (what grew between the snapshots, and what holds on to it)`);
  } else if (summary.verdict === 'fail' && summary.snapshots.length > 0) {
    // One snapshot per side (the verdict settled before the second): diff needs two of the same side.
    lines.push(`  next:       run longer (or without --until-verdict) for a second snapshot, then ws-soak diff ${paths.dir}`);
  } else if (summary.verdict === 'fail') {
    lines.push(`  next:       run again with snapshots, then ws-soak diff ${paths.dir}`);
  }
  return lines;
}

/** The verdict line: `verdict: FAIL — reason`, bold and coloured when the style allows. */
export function verdictLine(summary: Pick<Summary, 'verdict' | 'reason'>, style: TerminalStyle): string {
  const word = paint(style, summary.verdict.toUpperCase(), 'bold', VERDICT_COLOR[summary.verdict] ?? 'bold');
  return `${paint(style, 'verdict:', 'bold')} ${word} — ${summary.reason}`;
}

/**
 * The final screen below the charts: figures, paths and next step, then the verdict as the last
 * line. Lines are wrapped at word boundaries to `style.columns` before colour is added.
 */
export function renderFinalScreen(
  summary: Summary,
  paths: FinalScreenPaths | null,
  style: TerminalStyle = PLAIN_STYLE,
  maxEvidence = 8,
  opts: { fullPaths?: boolean } = {},
): string {
  const detail = errorDetailLines(summary);
  const body = [...figureLines(summary, maxEvidence, opts.fullPaths), ...(paths ? nextLines(summary, paths) : []), ...detail].join('\n');
  // Names and stderr come from files and processes: no escape sequence of theirs reaches the terminal.
  const bodyText = body ? `${wrapText(stripControl(body), style.columns)}\n` : '';
  // "… its stderr ends with:" points at the detail, which stands just above the verdict line.
  const safeReason = stripControl(summary.reason);
  const reason = detail.length > 0 && safeReason.endsWith(':') ? `${safeReason.slice(0, -1)} (above)` : safeReason;
  // Colour goes on after wrapping, so escape codes never count towards the width.
  const plain = wrapText(verdictLine({ verdict: summary.verdict, reason }, PLAIN_STYLE), style.columns).split('\n');
  const first = plain[0] ?? '';
  const head = verdictLine({ verdict: summary.verdict, reason: '' }, style).replace(/ — $/, '');
  const coloured = [head + first.slice(`verdict: ${summary.verdict.toUpperCase()}`.length), ...plain.slice(1)];
  return `${bodyText}${coloured.join('\n')}\n`;
}
