/**
 * The verdict part of report.html: the banner, the key figures, and per process under test the
 * growth table and the evidence tables (trends, handles and listeners, growing object groups
 * with their retainer paths). Returns HTML strings; every value is escaped.
 */
import type { Summary } from '../analysis/summary.js';
import { formatBytes, formatClock, formatCount, formatDuration, formatSeconds, formatSignedBytes, formatSignedCount } from '../format/units.js';
import type { Sample } from '../model/sample.js';
import type { Scenario } from '../scenario/types.js';
import { processName, type Evidence, type RoleVerdict } from '../verdict/types.js';
import { formatEvidencePerCycle } from './evidence-format.js';
import { leadHeadlines, siteText } from './headlines.js';
import { escapeHtml as h } from './html-escape.js';
import { rawDetail, shownGrowth } from './judged-growth.js';

const VERDICT_WORD = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE', error: 'ERROR' } as const;

/** The coloured banner at the top: the verdict word and the one-line reason. */
export function verdictBanner(summary: Summary): string {
  const word = VERDICT_WORD[summary.verdict] ?? String(summary.verdict).toUpperCase();
  // What to fix, in plain words, under the verdict word: the headline of each failing evidence.
  const heads = leadHeadlines(summary);
  return (
    `<section id="verdict-banner" class="banner ${h(summary.verdict)}" role="status">` +
    `<span class="verdict-word">${h(word)}</span> <span class="verdict-reason">${h(summary.reason)}</span>` +
    (heads.length ? `<ul class="headlines">${heads.map((x) => `<li>${h(x)}</li>`).join('')}</ul>` : '') +
    '</section>'
  );
}

/** The key figures of the run: scenario, start, length, cycles, limit, versions. */
export function keyFigures(summary: Summary, scenario: Scenario): string {
  const warmup = scenario.warmup.kind === 'ms' ? formatDuration(scenario.warmup.ms) : `${Math.round(scenario.warmup.fraction * 100)}%`;
  const rows: Array<[string, string]> = [
    ['scenario', `${summary.scenario}${scenario.description ? ` — ${scenario.description}` : ''}`],
    ['started', summary.startedAt],
    ['duration', `${summary.durationMs < 120_000 ? `${formatSeconds(summary.durationMs)}` : formatClock(summary.durationMs)} (ended by ${summary.endedBy}${summary.interrupted ? ', interrupted' : ''})`],
    ['cycles', `${formatCount(summary.cycles)} (${summary.cyclesPerSecond}/s), ${formatCount(summary.connectionsOpened ?? 0)} connections opened`],
    ['under test', `${scenario.underTest}; warm-up ${warmup} (not judged)`],
    ['limit', `${formatBytes(scenario.verdict.maxGrowthPerCycle)}/cycle post-GC growth; at least ${formatCount(scenario.verdict.minCycles)} judged cycles`],
    ['ws-soak', `${summary.version} on Node.js ${summary.environment?.node ?? '?'} (${summary.environment?.platform ?? '?'}/${summary.environment?.arch ?? '?'})`],
  ];
  return `<table class="facts">${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</table>`;
}

function growthTable(p: RoleVerdict): string {
  if (p.growth.length === 0) return '<p class="empty">No growth figures: too few samples.</p>';
  const rows = shownGrowth(p)
    .map(
      (g) =>
        `<tr class="${g.series === 'rss' ? 'not-judged' : ''}" data-series="${h(g.series)}"><td>${h(g.series)}${g.series === 'rss' ? ' <small>(shown, not judged)</small>' : ''}` +
        `${rawDetail(g) ? ` <small>(judged, net of V8's compiled code; ${h(rawDetail(g))})</small>` : ''}</td>` +
        `<td class="num">${h(formatSignedBytes(g.perCycle))}</td>` +
        `<td class="num">${h(formatBytes(g.perCycleLow))} … ${h(formatBytes(g.perCycleHigh))}</td>` +
        `<td class="num">${h(formatSignedBytes(g.perMinute))}</td><td class="num">${h(g.pValue.toPrecision(2))}</td>` +
        `<td class="num">${h(formatSignedBytes(g.total))}</td><td>${g.saturating ? 'levelling off' : ''}</td></tr>`,
    )
    .join('');
  return (
    '<table class="growth"><thead><tr><th>post-GC series</th><th>per cycle</th><th>95% CI per cycle</th><th>per minute</th>' +
    `<th>p (trend)</th><th>change over window</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

/** Where the evidence's collection got its entries (README "Growth sites"), under its detail. */
function sitesList(e: Evidence): string {
  if (!e.sites?.length) return '';
  return `<ul class="sites">${e.sites.map((s) => `<li><code>${h(siteText(s))}</code></li>`).join('')}</ul>`;
}

function evidenceRows(items: Evidence[], withRetainer: boolean): string {
  return items
    .map((e) => {
      const path = e.retainerPath;
      // The user's name for it first (client.mjs › history), then the whole chain from the GC roots.
      const short = e.retainerShort ? `<strong class="short-path">${h(e.retainerShort)}</strong><br>` : '';
      const retainer = withRetainer ? `<td class="path">${path ? short + path.map((step) => h(step)).join(' → ') : '—'}</td>` : '';
      return (
        `<tr class="${e.failing ? 'failing' : ''}"><td>${e.failing ? '✗ leak' : '·'}</td><td>${h(e.kind)}</td><td>${h(e.name)}</td>` +
        `<td class="num">${h(formatEvidencePerCycle(e))}</td><td>${h(e.detail)}${sitesList(e)}</td>${retainer}</tr>`
      );
    })
    .join('');
}

function evidenceTable(id: string, title: string, items: Evidence[], empty: string, withRetainer = false): string {
  const head =
    '<thead><tr><th></th><th>kind</th><th>name</th><th>per cycle</th><th>detail</th>' +
    `${withRetainer ? '<th>retainer path</th>' : ''}</tr></thead>`;
  const body = items.length
    ? `<table class="evidence" id="${h(id)}">${head}<tbody>${evidenceRows(items, withRetainer)}</tbody></table>`
    : `<p class="empty" id="${h(id)}">${h(empty)}</p>`;
  return `<h4>${h(title)}</h4>${body}`;
}

function windowNote(p: RoleVerdict): string {
  const w = p.judgedWindow;
  return `<p class="note">Judged window: cycles ${formatCount(w.fromCycle)}–${formatCount(w.toCycle)}, ${(w.fromMs / 1000).toFixed(1)}–${(w.toMs / 1000).toFixed(1)} s, ${formatCount(w.samples)} post-GC samples.</p>`;
}

/** Count of each active handle type, and of process listeners, at the first and last sample of the judged window. */
function handleCountsTable(p: RoleVerdict, samples: Sample[]): string {
  const judged = samples.filter((s) => s.t >= p.judgedWindow.fromMs);
  const first = judged[0];
  const last = judged[judged.length - 1];
  if (!first || !last) return '';
  const names = [...new Set([...Object.keys(first.resources ?? {}), ...Object.keys(last.resources ?? {})])].sort();
  const listeners = (s: Sample) => Object.values(s.listeners ?? {}).reduce((a, b) => a + b, 0);
  const rows = names.map((n) => [n, first.resources?.[n] ?? 0, last.resources?.[n] ?? 0] as const);
  rows.push(['process listeners (all events)', listeners(first), listeners(last)] as const);
  const body = rows
    .map(([n, a, b]) => `<tr class="${b > a ? 'rose' : ''}"><td>${h(n)}</td><td class="num">${formatCount(a)}</td><td class="num">${formatCount(b)}</td><td class="num">${h(formatSignedCount(b - a))}</td></tr>`)
    .join('');
  return (
    `<table class="handle-counts" id="handle-counts-${h(p.role)}"><thead><tr><th>active handle type</th>` +
    `<th>at cycle ${formatCount(first.cycle)}</th><th>at cycle ${formatCount(last.cycle)}</th><th>change</th></tr></thead><tbody>${body}</tbody></table>`
  );
}

/** Growth and evidence of one process under test. */
export function processSection(p: RoleVerdict, snapshotCount: number, samples: Sample[]): string {
  const trends = p.evidence.filter((e) => e.kind === 'trend' || e.kind === 'note');
  const handles = p.evidence.filter((e) => e.kind === 'handles' || e.kind === 'listeners');
  const objects = p.evidence.filter((e) => e.kind === 'objects');
  const objectsEmpty =
    snapshotCount === 0
      ? 'No heap snapshots were taken, so object groups were not analysed (run without --no-snapshots to get them).'
      : 'No growing object groups in the evidence (none grew in step with cycles, or the snapshots were not analysed).';
  return (
    `<section class="process" id="process-${h(p.pid === undefined ? p.role : `${p.role}-${p.pid}`)}"><h3>${h(processName(p))}: <span class="pill ${h(p.verdict)}">${h(p.verdict)}</span> ${h(p.reason)}</h3>` +
    windowNote(p) +
    (p.source === 'os' ? '<p class="note">Evidence: open file descriptors by kind from /proc (not a Node process: no heap); threads and rss shown, not judged.</p>' : '') +
    growthTable(p) +
    evidenceTable(`trends-${p.role}`, 'Memory trends', trends, 'No trend evidence.') +
    evidenceTable(`handles-${p.role}`, 'Handles and listeners', handles, 'No handle type or process listener grew in step with cycles.') +
    handleCountsTable(p, samples) +
    evidenceTable(`objects-${p.role}`, 'Growing object groups and retainer paths', objects, objectsEmpty, true) +
    '</section>'
  );
}
