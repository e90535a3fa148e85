/** The terminal text of `ws-soak compare`: the two runs side by side, then the result. */
import { formatBytes, formatCount, formatSeconds, formatSignedBytes } from '../format/units.js';
import { formatEvidencePerCycle } from './evidence-format.js';
import type { RunComparison, RunSide } from './run-comparison.js';


function describeSide(label: string, s: RunSide): string {
  return `${label.padEnd(9)} ${s.dir}\n          ${s.scenario}, ${s.verdict.toUpperCase()}, started ${s.startedAt}, ${formatCount(s.cycles)} cycles in ${formatSeconds(s.durationMs)}`;
}

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
}

/** Renders a comparison for the terminal. */
export function formatComparison(c: RunComparison): string {
  const lines: string[] = [describeSide('baseline', c.baseline), describeSide('run', c.run), ''];
  lines.push(
    `A judged series regresses when the run's 95% CI of growth per cycle lies entirely above the baseline's growth` +
      ` + ${Math.round(c.tolerance * 100)}% + ${formatBytes(c.slackBytesPerCycle)}/cycle.`,
    '',
  );
  const widths = [22, 32, 32, 14, 0];
  lines.push(row(['per cycle', 'baseline (95% CI)', 'run (95% CI)', 'allowed', 'status'], widths));
  for (const s of c.series) {
    const fig = (g: typeof s.run) => (g ? `${formatSignedBytes(g.perCycle)} (${formatBytes(g.perCycleLow)}…${formatBytes(g.perCycleHigh)})` : '—');
    lines.push(
      row(
        [`${s.role} ${s.series}${s.series === 'rss' ? '*' : ''}`, fig(s.baseline), fig(s.run), s.allowedPerCycle === null ? '' : formatSignedBytes(s.allowedPerCycle), s.status.toUpperCase()],
        widths,
      ),
    );
  }
  lines.push("  * rss is shown, never judged. heapUsed is the figure the verdict judges: net of V8's compiled code.");
  if (c.evidence.length) {
    lines.push('', row(['failing evidence', 'baseline', 'run', '', 'status'], widths));
    for (const e of c.evidence) {
      lines.push(
        row(
          [`${e.role} [${e.kind}] ${e.name}`, e.baseline ? formatEvidencePerCycle(e.baseline) : '—', e.run ? formatEvidencePerCycle(e.run) : '—', '', e.status.toUpperCase()],
          widths,
        ),
      );
    }
  }
  for (const note of c.notes) lines.push(`note: ${note}`);
  lines.push('');
  if (!c.comparable) lines.push('result: NOT COMPARABLE — one of the runs ended in an error');
  else if (c.regressed) lines.push(`result: REGRESSED\n${c.regressions.map((r) => `  - ${r}`).join('\n')}`);
  else lines.push('result: no regression beyond the tolerance');
  return lines.join('\n') + '\n';
}
