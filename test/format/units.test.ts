import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClock,
  formatCount,
  formatCountRange,
  formatDuration,
  formatMs,
  formatPercent,
  formatPerCycle,
  formatRate,
  formatSeconds,
  formatSignedBytes,
  formatSignedCount,
  formatSignedRate,
} from '../../src/format/units.js';
import { parseDuration, parseSize } from '../../src/scenario/units.js';

describe('formatBytes', () => {
  it('uses IEC units with up to three significant digits, whole bytes under 1 KiB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(-320)).toBe('-320 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(12.345)).toBe('12 B');
    expect(formatBytes(-0.3)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(10_752)).toBe('10.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3 MiB');
    expect(formatBytes(-2 * 1024 * 1024)).toBe('-2 MiB');
    expect(formatBytes(1.234 * 1024 ** 3)).toBe('1.23 GiB');
    expect(formatBytes(2 * 1024 ** 4)).toBe('2 TiB');
    expect(formatBytes(Number.NaN)).toBe('NaN B');
  });

  it('gives a scenario size back as it was written: 10MiB is "10 MiB", never "10.0 MB"', () => {
    expect(formatBytes(parseSize('10MiB') ?? 0)).toBe('10 MiB');
    expect(formatBytes(parseSize('100KiB') ?? 0)).toBe('100 KiB');
  });

  it('round-trips through parseSize for whole units', () => {
    for (const bytes of [0, 128, 1024, 1536, 64 * 1024 * 1024]) {
      expect(parseSize(formatBytes(bytes))).toBe(bytes);
    }
  });

  it('signs bytes and growth per cycle', () => {
    expect(formatSignedBytes(1536)).toBe('+1.5 KiB');
    expect(formatSignedBytes(-320)).toBe('-320 B');
    expect(formatSignedBytes(0)).toBe('+0 B');
    expect(formatPerCycle(1040, 'bytes')).toBe('+1.02 KiB/cycle');
    expect(formatPerCycle(-2048, 'bytes')).toBe('-2 KiB/cycle');
    expect(formatPerCycle(1, 'count')).toBe('+1.00/cycle');
    expect(formatPerCycle(-0.004, 'count')).toBe('+0.00/cycle');
  });
});

describe('counts and rates', () => {
  it('writes whole counts with thousands separators and never -0', () => {
    expect(formatCount(1032.4)).toBe('1,032');
    expect(formatCount(-0.2)).toBe('0');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatSignedCount(1032)).toBe('+1,032');
    expect(formatSignedCount(-3)).toBe('-3');
    expect(formatSignedCount(0)).toBe('+0');
  });

  it('writes ranges with a dash, or "to" when a minus sign would blur it', () => {
    expect(formatCountRange(1010, 1050)).toBe('1,010–1,050');
    expect(formatCountRange(-3, 15)).toBe('-3 to 15');
  });

  it('writes rates with two decimals', () => {
    expect(formatRate(1)).toBe('1.00');
    expect(formatRate(1234.5)).toBe('1,234.50');
    expect(formatRate(-0.001)).toBe('0.00');
    expect(formatSignedRate(0.1)).toBe('+0.10');
    expect(formatSignedRate(-0.25)).toBe('-0.25');
  });

  it('writes shares as percentages', () => {
    expect(formatPercent(87, 100)).toBe('87.0%');
    expect(formatPercent(1, 0)).toBe('-');
  });
});

describe('durations', () => {
  it('formatDuration uses the largest unit that keeps the number at least 1', () => {
    expect(formatDuration(0)).toBe('0ms');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(1_500)).toBe('1.5s');
    expect(formatDuration(60_000)).toBe('1m');
    expect(formatDuration(90_000)).toBe('1.5m');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(7 * 86_400_000)).toBe('7d');
    expect(formatDuration(-1_500)).toBe('-1.5s');
  });

  it('formatDuration round-trips through parseDuration for round values', () => {
    for (const ms of [0, 50, 999, 1_000, 1_500, 60_000, 3_600_000, 86_400_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });

  it('writes seconds, short waits and clock readings', () => {
    expect(formatSeconds(12_345)).toBe('12.3 s');
    expect(formatMs(3.44)).toBe('3.4 ms');
    expect(formatMs(120.4)).toBe('120 ms');
    expect(formatMs(1_500)).toBe('1.5 s');
    expect(formatClock(65_000)).toBe('1:05');
    expect(formatClock(3_725_000)).toBe('1:02:05');
    expect(formatClock(-5)).toBe('0:00');
  });
});
