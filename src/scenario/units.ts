/**
 * Durations and sizes as people write them in scenario files and flags ("200ms", "64KiB").
 * The reverse, for messages and reports, is src/format/units.ts (same syntax, so they round-trip).
 */

const MS_PER_UNIT: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const BYTES_PER_UNIT: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1e3,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
};

/**
 * What a duration looks like: a non-negative decimal number, an optional space, and a unit
 * (ms, s, m, h, d). A bare number is not a duration: "50" could mean 50ms or 50s.
 */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?) ?(ms|s|m|h|d)$/;

/**
 * What a size looks like: a non-negative decimal number with an optional space and a unit
 * (B, KB/kB, MB, GB, TB = powers of 1000; KiB, MiB, GiB, TiB = powers of 1024), or bare digits (bytes).
 */
export const SIZE_PATTERN = /^(?:(\d+(?:\.\d+)?) ?(B|KB|kB|MB|GB|TB|KiB|MiB|GiB|TiB)|(\d+))$/;

/**
 * Parses a duration such as "200ms", "1.5s", "2m", "1h" or "1d" into whole milliseconds
 * (rounded). Returns null for anything else, including bare numbers, which are ambiguous.
 */
export function parseDuration(text: string | number): number | null {
  if (typeof text !== 'string') return null;
  const match = DURATION_PATTERN.exec(text.trim());
  if (match === null) return null;
  const ms = Number(match[1]) * (MS_PER_UNIT[match[2] ?? ''] ?? Number.NaN);
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

/**
 * Parses a size such as "512B", "1.5KiB", "2MiB", "1KB" (1000) or "1MB" (1e6) into whole bytes
 * (rounded). A bare non-negative integer, as a number or as digits, is a count of bytes.
 * Returns null for anything else.
 */
export function parseSize(text: string | number): number | null {
  if (typeof text === 'number') {
    return Number.isSafeInteger(text) && text >= 0 ? text : null;
  }
  const match = SIZE_PATTERN.exec(text.trim());
  if (match === null) return null;
  const bytes =
    match[3] !== undefined
      ? Number(match[3])
      : Number(match[1]) * (BYTES_PER_UNIT[match[2] ?? ''] ?? Number.NaN);
  return Number.isFinite(bytes) ? Math.round(bytes) : null;
}
