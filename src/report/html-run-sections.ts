/**
 * The run part of report.html: what each built-in side saw of its connections (close codes,
 * clean closes, handshake rejections, heartbeat timeouts, reconnect delays), the heap snapshot
 * files with how to open them, and the error that ended the run, if any.
 */
import type { Summary } from '../analysis/summary.js';
import { formatBytes, formatCount, formatMs, formatPercent, formatSeconds } from '../format/units.js';
import { connectionLines } from './connection-lines.js';
import { escapeHtml as h } from './html-escape.js';


function countsList(counts: Record<string, number> | undefined): string {
  const entries = Object.entries(counts ?? {});
  if (entries.length === 0) return '—';
  return entries.map(([k, n]) => `${h(k)} × ${formatCount(n)}`).join(', ');
}

/** Findings only (stalled connections): the table already holds every count, once. */
function connectionNotes(summary: Summary): string {
  const lines = connectionLines(summary.connections ?? {}).filter((l) => l.finding);
  if (lines.length === 0) return '';
  const items = lines.map((l) => `<li class="${l.finding ? 'finding' : ''}">${l.finding ? '⚠ ' : ''}${h(l.text)}</li>`).join('');
  return `<ul class="connection-lines" id="connection-lines">${items}</ul>`;
}

/**
 * What each built-in side counted, one table with every figure once; the summary's close-code
 * table with shares only when no side counted (a summary of an older version).
 */
export function connectionsSection(summary: Summary): string {
  const codes = Object.entries(summary.closeCodes ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  const total = codes.reduce((sum, [, n]) => sum + n, 0);
  const codeTable = codes.length
    ? '<table class="close-codes" id="close-codes"><thead><tr><th>close code</th><th>count</th><th>share</th></tr></thead><tbody>' +
      codes
        .map(([code, n]) => `<tr><td>${h(code)}</td><td class="num">${formatCount(n)}</td><td class="num">${formatPercent(n, total)}</td></tr>`)
        .join('') +
      '</tbody></table>'
    : '<p class="empty" id="close-codes">No close codes were recorded.</p>';
  // A fixed order, whatever order the summary's keys came in.
  const sides = (['client', 'server'] as const).flatMap((role) => {
    const counts = summary.connections?.[role];
    return counts ? [[role, counts] as const] : [];
  });
  const sideRows: Array<[string, (c: NonNullable<Summary['connections']['client']>) => string]> = [
    ['cycles counted', (c) => formatCount(c.cycles ?? 0)],
    ['connections opened', (c) => formatCount(c.opened ?? 0)],
    ['close codes', (c) => countsList(c.closeCodes)],
    ['closed cleanly (wasClean)', (c) => countsList(c.wasClean)],
    ['handshake rejections (HTTP status)', (c) => countsList(c.handshakeRejections)],
    ['failed connects', (c) => (c.failedConnects === undefined ? '—' : formatCount(c.failedConnects))],
    ['heartbeat timeouts', (c) => (c.heartbeatTimeouts === undefined ? '—' : formatCount(c.heartbeatTimeouts))],
    [
      'reconnect delay (min / median / max)',
      (c) => (c.reconnectDelayMs ? `${formatMs(c.reconnectDelayMs.min)} / ${formatMs(c.reconnectDelayMs.median)} / ${formatMs(c.reconnectDelayMs.max)}` : '—'),
    ],
    ['ended by the harness', (c) => countsList(c.endings)],
    ['messages sent / received', (c) => `${formatCount(c.messagesSent ?? 0)} / ${formatCount(c.messagesReceived ?? 0)}`],
    ['most open at once', (c) => formatCount(c.peakOpen ?? 0)],
    ['server restarts, idle-proxy cuts', (c) => `${formatCount(c.restarts ?? 0)}, ${formatCount(c.idleTimeouts ?? 0)}`],
  ];
  const sideTable = sides.length
    ? `<table class="sides" id="connection-sides"><thead><tr><th></th>${sides.map(([role]) => `<th>seen by the ${h(role)}</th>`).join('')}</tr></thead><tbody>` +
      sideRows.map(([label, get]) => `<tr><th>${h(label)}</th>${sides.map(([, c]) => `<td>${get(c)}</td>`).join('')}</tr>`).join('') +
      '</tbody></table>'
    : '<p class="empty" id="connection-sides">No per-side connection counts in this summary (a user module counts nothing).</p>';
  return (
    '<section id="connections"><h2>Connections</h2>' +
    (sides.length ? '' : `<p class="note">Close codes as seen by the ${h(summary.closeCodesSeenBy ?? 'client')}.</p>${codeTable}`) +
    sideTable +
    connectionNotes(summary) +
    '</section>'
  );
}

/** The snapshot files, linked when they are still in the folder, with how to open them. */
export function snapshotsSection(summary: Summary, filesInFolder: string[]): string {
  const present = new Set(filesInFolder);
  const known = summary.snapshotDetails ?? [];
  const extra = filesInFolder.filter((f) => !known.some((s) => s.file === f));
  const rows = known.map(
    (s) =>
      `<tr><td>${present.has(s.file) ? `<a href="${h(encodeURIComponent(s.file))}" download>${h(s.file)}</a>` : `${h(s.file)} <small>(not in this folder)</small>`}</td>` +
      `<td>${h(s.role)}</td><td class="num">${formatCount(s.cycle)}</td><td class="num">${formatSeconds(s.t)}</td>` +
      `<td class="num">${h(formatBytes(s.bytes))}</td><td class="num">${formatMs(s.ms)}</td></tr>`,
  );
  for (const f of extra) rows.push(`<tr><td><a href="${h(encodeURIComponent(f))}" download>${h(f)}</a></td><td colspan="5">not listed in summary.json</td></tr>`);
  const failures = (summary.snapshotFailures ?? []).map((f) => `<li>${h(f.role)} #${formatCount(f.seq)}: ${h(f.message)}</li>`).join('');
  const table = rows.length
    ? '<table class="snapshots" id="snapshot-files"><thead><tr><th>file</th><th>process</th><th>cycle</th><th>taken at</th><th>size</th><th>pause</th></tr></thead>' +
      `<tbody>${rows.join('')}</tbody></table>`
    : '<p class="empty" id="snapshot-files">No heap snapshots in this run.</p>';
  return (
    '<section id="snapshots"><h2>Heap snapshots</h2>' +
    '<p class="hint">Open in Chrome DevTools → Memory → Load, pick a file; load two and use the Comparison view to see what the reconnects in between left behind.</p>' +
    table +
    (failures ? `<ul class="failures">${failures}</ul>` : '') +
    '<p class="note">Snapshots hold the process memory (tokens, session data): share them like secrets.</p></section>'
  );
}

/** The error that ended the run, with the end of the failing process's stderr; empty when none. */
export function errorSection(summary: Summary): string {
  const e = summary.error;
  if (!e) return '';
  const tail = e.stderrTail?.filter((l) => l.trim() !== '') ?? [];
  return (
    `<section id="run-error" class="run-error"><h2>The run ended with an error</h2><p><code>${h(e.code)}</code> ${h(e.message)}</p>` +
    (tail.length ? `<pre>${h(tail.slice(-20).join('\n'))}</pre>` : '') +
    '</section>'
  );
}
