/** Number formatting for verdict reasons and evidence details (en-US, deterministic). */

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const TWO_DECIMALS = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const ONE_DECIMAL = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** Whole number with thousands separators: `1,032`; never `-0`. */
export function formatInt(value: number): string {
  const rounded = Math.round(value);
  return WHOLE.format(rounded === 0 ? 0 : rounded);
}

/** Whole number with an explicit sign: `+1,032`, `-3`, `+0`. */
export function formatSignedInt(value: number): string {
  const text = formatInt(value);
  return text.startsWith('-') ? text : `+${text}`;
}

/** Count rate with two decimals: `1.00`, `0.10`. */
export function formatRate(value: number): string {
  const text = TWO_DECIMALS.format(value);
  return text === '-0.00' ? '0.00' : text;
}

/** Signed count rate: `+1.00`. */
export function formatSignedRate(value: number): string {
  const text = formatRate(value);
  return text.startsWith('-') ? text : `+${text}`;
}

/** Bytes: `1,032 B` below 10 KiB, else `12.3 KB` / `4.5 MB` / `1.2 GB` (1024-based). */
export function formatBytes(value: number): string {
  const abs = Math.abs(value);
  if (abs < 10 * 1024) return `${formatInt(value)} B`;
  const units = ['KB', 'MB', 'GB'] as const;
  let scaled = value / 1024;
  let unit = 0;
  while (Math.abs(scaled) >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${ONE_DECIMAL.format(scaled)} ${units[unit]}`;
}

/** Range of whole numbers: `1,010–1,050`, or `-3 to 15` when a minus sign would blur the dash. */
export function formatIntRange(low: number, high: number): string {
  const a = formatInt(low);
  const b = formatInt(high);
  return a.startsWith('-') || b.startsWith('-') ? `${a} to ${b}` : `${a}–${b}`;
}
