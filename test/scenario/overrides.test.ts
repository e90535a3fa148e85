import { describe, expect, it } from 'vitest';
import { SoakError } from '../../src/errors.js';
import { applyOverrides, resolveScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';

const base: Scenario = resolveScenario({ duration: '60s', cycles: 5000 }, 'scenarios/x.yaml');

/** The message of the SOAK_USAGE error that applying `overrides` throws. */
function usageError(overrides: Parameters<typeof applyOverrides>[1]): string {
  try {
    applyOverrides(base, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(SoakError);
    expect((error as SoakError).code).toBe('SOAK_USAGE');
    return (error as SoakError).message;
  }
  throw new Error('expected applyOverrides to throw');
}

describe('applyOverrides', () => {
  it('changes nothing without flags', () => {
    expect(applyOverrides(base, {})).toEqual(base);
    expect(applyOverrides(base, { duration: undefined, cycles: undefined, snapshots: undefined })).toEqual(base);
  });

  it('--duration alone replaces both run bounds', () => {
    expect(applyOverrides(base, { duration: '30s' })).toMatchObject({ durationMs: 30_000, cycles: null });
  });

  it('--cycles alone replaces both run bounds', () => {
    expect(applyOverrides(base, { cycles: 100 })).toMatchObject({ durationMs: null, cycles: 100 });
  });

  it('--duration with --cycles sets both', () => {
    expect(applyOverrides(base, { duration: '2m', cycles: 100 })).toMatchObject({ durationMs: 120_000, cycles: 100 });
  });

  it('--no-snapshots turns snapshots off without touching the input', () => {
    const next = applyOverrides(base, { snapshots: false });
    expect(next.snapshots).toEqual({ ...base.snapshots, enabled: false });
    expect(base.snapshots.enabled).toBe(true);
    expect(applyOverrides(next, { snapshots: true }).snapshots.enabled).toBe(true);
  });

  it('names the flag in errors, with the expectation and the value', () => {
    expect(usageError({ duration: 'soon' })).toBe('--duration: expected a duration like "30s", got "soon"');
    expect(usageError({ duration: '30' })).toBe('--duration: expected a duration like "30s", got "30"');
    expect(usageError({ duration: '10d' })).toBe('--duration: expected a duration from 1s to 7d, got "10d"');
    expect(usageError({ cycles: 0 })).toBe('--cycles: expected an integer from 1 to 1000000000, got 0');
    expect(usageError({ cycles: Number.NaN })).toBe('--cycles: expected an integer from 1 to 1000000000, got NaN');
    expect(usageError({ cycles: 2.5 })).toBe('--cycles: expected an integer from 1 to 1000000000, got 2.5');
  });
});
