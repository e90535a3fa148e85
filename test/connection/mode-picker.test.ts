import { describe, expect, it } from 'vitest';
import { ModePicker, endingPicker, refusalPicker } from '../../src/connection/mode-picker.js';
import { SoakError } from '../../src/errors.js';
import { resolveScenario } from '../../src/scenario/load.js';

const selection = (mode: unknown) => resolveScenario({ duration: '5s', disconnect: { mode } }, '').disconnect.mode;
/** A random source that returns the given values in turn. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
};
const names = (picker: ModePicker, n: number) => Array.from({ length: n }, () => picker.next().name);

describe('ModePicker', () => {
  it('refuses an empty list as a bug (SOAK_INTERNAL): the scenario schema never lets one through', () => {
    let error: unknown;
    try {
      new ModePicker([], 'rotate');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SoakError);
    expect((error as SoakError).code).toBe('SOAK_INTERNAL');
    expect((error as SoakError).message).toBe('ModePicker needs at least one mode, got none');
  });

  it('takes a list in turn, round and round', () => {
    const picker = endingPicker(selection(['close-1000', 'terminate', 'close-4001']));
    expect(names(picker, 7)).toEqual(['close-1000', 'terminate', 'close-4001', 'close-1000', 'terminate', 'close-4001', 'close-1000']);
  });

  it('picks a mapping by weight', () => {
    // Weights 3 and 1: [0, 0.75) is close-1000, [0.75, 1) is terminate.
    const picker = endingPicker(selection({ 'close-1000': 3, terminate: 1 }), sequence(0, 0.5, 0.74, 0.75, 0.99));
    expect(names(picker, 5)).toEqual(['close-1000', 'close-1000', 'close-1000', 'terminate', 'terminate']);
  });

  it('never picks a weight of 0, and spreads picks by weight over many draws', () => {
    const never = endingPicker(selection({ terminate: 0, 'close-1000': 1 }), sequence(0, 0.3, 0.99));
    expect(new Set(names(never, 30))).toEqual(new Set(['close-1000']));
    const counts: Record<string, number> = {};
    const picker = endingPicker(selection({ 'close-1000': 3, terminate: 1 }));
    for (const name of names(picker, 4000)) counts[name] = (counts[name] ?? 0) + 1;
    expect(counts['close-1000']).toBeGreaterThan(2700);
    expect(counts['terminate']).toBeGreaterThan(800);
  });
});

describe('endingPicker and refusalPicker', () => {
  it('split refusals from endings', () => {
    const mixed = selection(['handshake-reject-503', 'terminate', 'handshake-reject-429']);
    expect(names(endingPicker(mixed), 2)).toEqual(['terminate', 'terminate']);
    expect(names(refusalPicker(mixed) as ModePicker, 3)).toEqual(['handshake-reject-503', 'handshake-reject-429', 'handshake-reject-503']);
  });

  it('end accepted connections with close-1000 when only refusals are named, and refuse nothing without them', () => {
    expect(names(endingPicker(selection('handshake-reject-401')), 1)).toEqual(['close-1000']);
    expect(refusalPicker(selection('terminate'))).toBeNull();
  });
});
