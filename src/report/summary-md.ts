/**
 * summary.md, for CI step summaries (GitHub's $GITHUB_STEP_SUMMARY, merge request notes):
 * the verdict, the key figures, the failing evidence and a small ASCII chart of post-GC heapUsed.
 */
import type { Summary } from '../analysis/summary.js';
import type { Sample } from '../model/sample.js';
import type { Scenario } from '../scenario/types.js';
import { processName, type RoleVerdict } from '../verdict/types.js';
import { formatBytes, formatCount, formatSeconds, formatSignedBytes } from '../format/units.js';
import { connectionLines } from './connection-lines.js';
import { formatEvidencePerCycle } from './evidence-format.js';
import { leadHeadlines, siteText } from './headlines.js';
import { markdownText } from './markdown-escape.js';
import { rawDetail, seriesLabel, shownGrowth } from './judged-growth.js';
import { heapChart } from './terminal-chart.js';

/** Columns and rows of the chart; small enough for a step summary. */
const MD_CHART_WIDTH = 60;
const MD_CHART_HEIGHT = 8;
/** Evidence items listed per process (failing ones first, as the verdict sorts them). */
const MD_MAX_EVIDENCE = 6;

const ICON = { pass: '✅', fail: '❌', inconclusive: '⚠️', error: '💥' } as const;

/** Text from the run in a cell or a line: no markup, no HTML, nothing to break the row. */
const cell = markdownText;


function heapSection(samples: Sample[], p: RoleVerdict, limitPerCycle: number): string {
  const chart = heapChart(samples.filter((s) => s.role === p.role), p, limitPerCycle, MD_CHART_WIDTH, MD_CHART_HEIGHT);
  if (!chart) return '';
  const title = `${p.role}: post-GC heapUsed over the run (${formatCount(chart.samples)} post-GC samples; ···· limit ${formatBytes(limitPerCycle)}/cycle)`;
  return `\n<details open><summary>${title}</summary>\n\n\`\`\`text\n${chart.plot}\n\`\`\`\n\n</details>\n`;
}

/** Renders summary.md for a run. */
export function renderSummaryMarkdown(summary: Summary, scenario: Scenario, samples: Sample[]): string {
  const icon = ICON[summary.verdict] ?? '';
  const lines: string[] = [];
  lines.push(`### ${icon} ws-soak ${summary.verdict.toUpperCase()}: ${cell(summary.scenario)}`, '');
  for (const headline of leadHeadlines(summary)) lines.push(`- ❌ ${cell(headline)}`);
  if (leadHeadlines(summary).length) lines.push('');
  lines.push(`> ${cell(summary.reason)}`, '');
  lines.push('| | |', '|---|---|');
  lines.push(`| cycles | ${formatCount(summary.cycles)} in ${formatSeconds(summary.durationMs)} (${summary.cyclesPerSecond}/s) |`);
  lines.push(`| under test | ${cell(scenario.underTest)} |`);
  lines.push(`| limit | ${formatBytes(scenario.verdict.maxGrowthPerCycle)}/cycle post-GC growth |`);
  const codes = Object.entries(summary.closeCodes ?? {}).map(([c, n]) => `${c} × ${formatCount(n)}`).join(', ');
  if (codes) lines.push(`| close codes (${summary.closeCodesSeenBy}) | ${cell(codes)} |`);
  lines.push(`| snapshots | ${(summary.snapshots ?? []).length} |`);
  if (summary.error) lines.push(`| error | ${cell(`${summary.error.code}: ${summary.error.message.split('\n')[0] ?? ''}`)} |`);
  lines.push('');
  for (const p of summary.processes) {
    lines.push(`#### ${processName(p)}: ${p.verdict}`, '');
    if (p.source === 'os') lines.push('Evidence: open file descriptors by kind from /proc (not a Node process: no heap); threads and rss shown, not judged.', '');
    if (p.growth.length) {
      lines.push('| post-GC series | per cycle | 95% CI | per minute | p |', '|---|--:|--:|--:|--:|');
      const rows = shownGrowth(p);
      for (const g of rows) {
        lines.push(
          `| ${seriesLabel(g)} | ${formatSignedBytes(g.perCycle)} | ${formatBytes(g.perCycleLow)} … ${formatBytes(g.perCycleHigh)} | ${formatSignedBytes(g.perMinute)} | ${g.pValue.toPrecision(2)} |`,
        );
      }
      const heap = rows.find((g) => g.series === 'heapUsed');
      if (heap && rawDetail(heap)) lines.push('', `heapUsed is judged net of V8's compiled code (${rawDetail(heap)}).`);
      lines.push('');
    }
    for (const e of p.evidence.slice(0, MD_MAX_EVIDENCE)) {
      lines.push(`- ${e.failing ? '❌' : '·'} **${cell(e.kind)} ${cell(e.name)}** (${formatEvidencePerCycle(e)}): ${cell(e.detail)}`);
      for (const site of e.sites ?? []) lines.push(`  - at \`${cell(siteText(site))}\``);
    }
    if (p.evidence.length > MD_MAX_EVIDENCE) lines.push(`- … and ${p.evidence.length - MD_MAX_EVIDENCE} more in report.html`);
    lines.push(heapSection(samples, p, scenario.verdict.maxGrowthPerCycle));
  }
  const connections = connectionLines(summary.connections ?? {});
  if (connections.length) {
    lines.push('#### Connections', '', ...connections.map((l) => `- ${l.finding ? '⚠️ ' : ''}${cell(l.text)}`), '');
  }
  lines.push('Charts, evidence tables and snapshot links: open `report.html` from the run folder (it works offline).', '');
  return lines.join('\n');
}
