import { describe, expect, it } from 'vitest';
import { parseDuration, parseSize } from '../../src/scenario/units.js';

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
