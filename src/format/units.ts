/**
 * The one formatter for numbers people read: counts, rates, bytes and durations, the same text in
 * every view (terminal, live view, summary.md, junit.xml, report.html, `inspect`, `diff`, verdict
 * reasons, scenario errors). en-US and deterministic; bytes in IEC units (KiB, MiB, GiB, TiB).
 */

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const TWO_DECIMALS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const IEC_UNITS = [
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
] as const;

const MS_UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

/** `-3` → `-3`, `3` → `+3`: an explicit sign on what a formatter gave. */
function withSign(text: string): string {
  return text.startsWith('-') ? text : `+${text}`;
}

/** Up to three significant digits, no trailing zeros: 1.5, 12.3, 512. */
function shortNumber(value: number): string {
  const decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return String(Number(value.toFixed(decimals)));
}

/** A whole count with thousands separators: `1,032`; never `-0`. */
export function formatCount(value: number): string {
  const rounded = Math.round(value);
  return WHOLE.format(rounded === 0 ? 0 : rounded);
}

/** A whole count with an explicit sign: `+1,032`, `-3`, `+0`. */
export function formatSignedCount(value: number): string {
  return withSign(formatCount(value));
}

/** A range of whole counts: `1,010–1,050`, or `-3 to 15` when a minus sign would blur the dash. */
export function formatCountRange(low: number, high: number): string {
  const a = formatCount(low);
  const b = formatCount(high);
  return a.startsWith('-') || b.startsWith('-') ? `${a} to ${b}` : `${a}–${b}`;
}

/** A count rate with two decimals: `1.00`, `0.10`, `1,234.50`; never `-0.00`. */
export function formatRate(value: number): string {
  const text = TWO_DECIMALS.format(value);
  return text === '-0.00' ? '0.00' : text;
}

/** A signed count rate: `+1.00`, `-0.25`. */
export function formatSignedRate(value: number): string {
  return withSign(formatRate(value));
}

/**
 * Bytes (possibly negative or fractional, e.g. a growth rate) in IEC units, in the syntax a
 * scenario's sizes are written in: 512 → "512 B", 1536 → "1.5 KiB", 10 × 2^20 → "10 MiB",
 * -320 → "-320 B". Under 1 KiB, whole bytes (no separator: 1,000 would not parse back).
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} B`;
  const abs = Math.abs(bytes);
  for (const [unit, size] of IEC_UNITS) {
    if (abs >= size) return `${bytes < 0 ? '-' : ''}${shortNumber(abs / size)} ${unit}`;
  }
  return `${Math.round(bytes) || 0} B`;
}

/** Bytes with an explicit sign: `+1.5 KiB`, `-320 B`, `+0 B`. */
export function formatSignedBytes(bytes: number): string {
  return withSign(formatBytes(bytes));
}

/** Growth per cycle: bytes (`+1.5 KiB/cycle`) or a count (`+1.00/cycle`). */
export function formatPerCycle(value: number, unit: 'bytes' | 'count'): string {
  return `${unit === 'bytes' ? formatSignedBytes(value) : formatSignedRate(value)}/cycle`;
}

/** A share as a percentage with one decimal: (87, 100) → `87.0%`; `-` when the whole is 0. */
export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}

/**
 * Milliseconds in the largest unit that keeps the number at least 1, in the syntax a scenario's
 * durations are written in: 250 → "250ms", 1500 → "1.5s", 90000 → "1.5m", 86400000 → "1d".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return `${ms}ms`;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  for (const [unit, size] of MS_UNITS) {
    if (ms >= size) return `${shortNumber(ms / size)}${unit}`;
  }
  return `${shortNumber(ms)}ms`;
}

/** Seconds with one decimal, for run lengths and moments in a run: 12345 → `12.3 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A short wait or pause: `3.4 ms`, `120 ms`, from a second on `1.5 s`. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return formatSeconds(ms);
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

/** A clock reading: `m:ss`, or `h:mm:ss` from an hour on. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const ss = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
