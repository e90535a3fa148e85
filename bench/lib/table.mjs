/** The benchmark table: one row per figure, with its same-run baseline, the ratio and the goal. */

function ratioText(row) {
  if (!Number.isFinite(row.ratio)) return '';
  return `${row.ratio.toFixed(2)}×${row.ratioLabel ? ` ${row.ratioLabel}` : ''}`;
}

function metText(row) {
  if (row.met === null || row.met === undefined) return '';
  return row.met ? 'met' : 'MISSED';
}

/** Rows `{ metric, value, baseline, ratio, ratioLabel?, goal, met, note? }` as text or Markdown. */
export function formatTable(rows, { markdown = false } = {}) {
  const header = ['figure', 'ws-soak', 'baseline (same run)', 'ratio', 'goal', 'met', 'note'];
  const cells = rows.map((r) => [r.metric, r.value, r.baseline, ratioText(r), r.goal ?? '', metText(r), r.note ?? '']);
  if (markdown) {
    const line = (c) => `| ${c.map((x) => String(x).replace(/\|/g, '\\|')).join(' | ')} |`;
    return [line(header), line(header.map(() => '---')), ...cells.map(line)].join('\n');
  }
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((x, i) => String(x).padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n');
}
