import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, parseDuration, parseSize } from '../../src/scenario/units.js';

describe('parseDuration', () => {
  it('reads every unit, fractions and an optional space', () => {
    expect(parseDuration('200ms')).toBe(200);
    expect(parseDuration('1s')).toBe(1_000);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('0ms')).toBe(0);
    expect(parseDuration('10 s')).toBe(10_000);
    expect(parseDuration(' 3s ')).toBe(3_000);
  });

  it('rounds to whole milliseconds', () => {
    expect(parseDuration('0.4ms')).toBe(0);
    expect(parseDuration('1.0006s')).toBe(1_001);
  });

  it('rejects bare numbers, negative values, unknown units and junk', () => {
    expect(parseDuration(50)).toBeNull();
    expect(parseDuration(0)).toBeNull();
    expect(parseDuration('50')).toBeNull();
    expect(parseDuration('-1s')).toBeNull();
    expect(parseDuration('1w')).toBeNull();
    expect(parseDuration('1S')).toBeNull();
    expect(parseDuration('fast')).toBeNull();
    expect(parseDuration('')).toBeNull();
    expect(parseDuration('1e3ms')).toBeNull();
    expect(parseDuration('1m30s')).toBeNull();
    expect(parseDuration(`${'9'.repeat(400)}d`)).toBeNull();
  });
});

describe('parseSize', () => {
  it('reads binary and decimal units', () => {
    expect(parseSize('512B')).toBe(512);
    expect(parseSize('1KiB')).toBe(1024);
    expect(parseSize('2MiB')).toBe(2 * 1024 * 1024);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
    expect(parseSize('1KB')).toBe(1000);
    expect(parseSize('1kB')).toBe(1000);
    expect(parseSize('1MB')).toBe(1e6);
    expect(parseSize('1.5KiB')).toBe(1536);
    expect(parseSize('64 MiB')).toBe(64 * 1024 * 1024);
  });

  it('takes a bare non-negative integer as bytes', () => {
    expect(parseSize(4096)).toBe(4096);
    expect(parseSize(0)).toBe(0);
    expect(parseSize('4096')).toBe(4096);
  });

  it('rejects negative, fractional bare numbers, unknown units and junk', () => {
    expect(parseSize(-1)).toBeNull();
    expect(parseSize(1.5)).toBeNull();
    expect(parseSize(Number.NaN)).toBeNull();
    expect(parseSize('1.5')).toBeNull();
    expect(parseSize('-1KiB')).toBeNull();
    expect(parseSize('1kib')).toBeNull();
    expect(parseSize('1 PB')).toBeNull();
    expect(parseSize('big')).toBeNull();
  });
});

describe('formatDuration', () => {
  it('uses the largest unit that keeps the number at least 1', () => {
    expect(formatDuration(0)).toBe('0ms');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(1_500)).toBe('1.5s');
    expect(formatDuration(60_000)).toBe('1m');
    expect(formatDuration(90_000)).toBe('1.5m');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(7 * 86_400_000)).toBe('7d');
    expect(formatDuration(-1_500)).toBe('-1.5s');
  });

  it('round-trips through parseDuration for round values', () => {
    for (const ms of [0, 50, 999, 1_000, 1_500, 60_000, 3_600_000, 86_400_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});

describe('formatBytes', () => {
  it('uses binary units with up to three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(-320)).toBe('-320 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3 MiB');
    expect(formatBytes(1.234 * 1024 ** 3)).toBe('1.23 GiB');
    expect(formatBytes(12.345)).toBe('12.3 B');
    expect(formatBytes(2 * 1024 ** 4)).toBe('2 TiB');
  });

  it('round-trips through parseSize for whole units', () => {
    for (const bytes of [0, 128, 1024, 1536, 64 * 1024 * 1024]) {
      expect(parseSize(formatBytes(bytes))).toBe(bytes);
    }
  });
});
