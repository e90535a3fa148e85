import { describe, expect, it } from 'vitest';
import { formatPath, knownKeysAt, scenarioInvalidError, showValue } from '../../src/scenario/errors-format.js';
import { scenarioFileSchema } from '../../src/scenario/schema.js';

describe('showValue', () => {
  it('shows values JSON-style', () => {
    expect(showValue('fast')).toBe('"fast"');
    expect(showValue(1e9)).toBe('1000000000');
    expect(showValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(showValue(null)).toBe('null');
    expect(showValue(undefined)).toBe('nothing');
    expect(showValue([500, 100])).toBe('[500,100]');
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });

  it('cuts long values at 60 characters and survives cycles', () => {
    const shown = showValue('y'.repeat(100));
    expect(shown).toHaveLength(60);
    expect(shown.endsWith('…')).toBe(true);
    expect(showValue('y'.repeat(10))).toBe(`"${'y'.repeat(10)}"`);
    const loop: unknown[] = [];
    loop.push(loop);
    expect(showValue(loop)).toBe('[…]');
  });
});

describe('formatPath', () => {
  it('dots names, brackets indexes and odd keys', () => {
    expect(formatPath(['disconnect', 'after'])).toBe('disconnect.after');
    expect(formatPath(['under-test'])).toBe('under-test');
    expect(formatPath(['snapshots', 'atCycles', 2])).toBe('snapshots.atCycles[2]');
    expect(formatPath(['verdict', 'odd key'])).toBe('verdict["odd key"]');
    expect(formatPath([])).toBe('');
  });
});

describe('knownKeysAt', () => {
  it('finds the keys of a section, through defaults and unions', () => {
    expect(knownKeysAt(scenarioFileSchema, ['disconnect'])).toEqual([
      'after',
      'jitter',
      'mode',
      'afterMessages',
      'reason',
      'rejectShare',
      'retryAfter',
      'restartDelay',
    ]);
    expect(knownKeysAt(scenarioFileSchema, ['snapshots'])).toEqual(['enabled', 'every', 'atCycles', 'keep', 'maxBytes', 'engine']);
    expect(knownKeysAt(scenarioFileSchema, ['client', 'heartbeat'])).toEqual(['enabled', 'interval', 'timeout']);
    expect(knownKeysAt(scenarioFileSchema, [])).toContain('under-test');
  });

  it('finds nothing below a leaf or an unknown key', () => {
    expect(knownKeysAt(scenarioFileSchema, ['disconnect', 'after'])).toEqual([]);
    expect(knownKeysAt(scenarioFileSchema, ['nope'])).toEqual([]);
  });
});

describe('scenarioInvalidError', () => {
  it('lists up to ten problems and counts the rest', () => {
    const lines = Array.from({ length: 11 }, (_, i) => `problem ${i}`);
    expect(scenarioInvalidError(lines).message.split('\n')).toEqual([...lines.slice(0, 10), '(1 more problem not shown)']);
    expect(scenarioInvalidError(lines.slice(0, 10)).message.split('\n')).toEqual(lines.slice(0, 10));
    expect(scenarioInvalidError(['x']).code).toBe('SOAK_SCENARIO_INVALID');
  });
});
