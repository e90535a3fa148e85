/** The live-object census against real objects in this process (no mocks: a real inspector session and heap walk). */
import { afterAll, describe, expect, it } from 'vitest';
import { ObjectCensus, censusUnavailable } from '../../src/probe/object-census.js';
import { ObjectCountCadence, OBJECT_COUNT_GAP_TEST_ENV } from '../../src/probe/object-count-cadence.js';
import { OBJECT_COUNT_BUDGET_SHARE, OBJECT_COUNT_MAX_GAP_MS, OBJECT_COUNT_MIN_GAP_MS } from '../../src/constants.js';

class CensusProbeSession {
  constructor(readonly id: number) {}
}
class CensusProbeChild extends CensusProbeSession {}

describe('ObjectCensus', () => {
  const census = new ObjectCensus();
  afterAll(() => census.disconnect());

  it('is available on this Node', () => {
    expect(censusUnavailable()).toBeNull();
  });

  it('counts the live instances of a class by its constructor name, and sees them go', () => {
    const held: CensusProbeSession[] = [];
    for (let i = 0; i < 1234; i++) held.push(new CensusProbeSession(i));
    for (let i = 0; i < 56; i++) held.push(new CensusProbeChild(i));
    const before = census.count();
    // A subclass instance is named by its own constructor, not counted again under its parent's.
    expect(before.counts.CensusProbeSession).toBe(1234);
    expect(before.counts.CensusProbeChild).toBe(56);
    expect(before.counts['(closure)']).toBeGreaterThan(100);
    expect(before.ms).toBeGreaterThan(0);
    expect(before.cpuMs).toBeGreaterThan(0);

    held.length = 600;
    const after = census.count();
    // The count runs a full GC first: the dropped ones are gone, the held ones all there.
    expect(after.counts.CensusProbeSession).toBe(600);
    expect(after.counts.CensusProbeChild).toBeUndefined();
    expect(held).toHaveLength(600);
  });

  it('keeps the most numerous names first, at most maxNames of them', () => {
    const held = Array.from({ length: 5000 }, (_, i) => new CensusProbeSession(i));
    const { counts } = census.count(3);
    const names = Object.keys(counts);
    expect(names).toHaveLength(3);
    const values = Object.values(counts);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(counts.CensusProbeSession ?? 0).toBeLessThanOrEqual(values[0] as number);
    expect(held).toHaveLength(5000);
  });

  it('never runs a getter of the program while naming objects', () => {
    let calls = 0;
    const proto = {};
    Object.defineProperty(proto, 'constructor', {
      get() {
        calls++;
        return CensusProbeSession;
      },
    });
    const held = Array.from({ length: 10 }, () => Object.create(proto) as object);
    census.count();
    expect(calls).toBe(0);
    expect(held).toHaveLength(10);
  });
});

describe('ObjectCountCadence', () => {
  it('waits the last costliest count ÷ the budget share, within its bounds, and never shortens', () => {
    const cadence = new ObjectCountCadence({});
    expect(cadence.due(0)).toBe(true);
    cadence.taken(0, 100);
    expect(cadence.gapMs()).toBe(Math.max(OBJECT_COUNT_MIN_GAP_MS, 100 / OBJECT_COUNT_BUDGET_SHARE));
    cadence.taken(10_000, 500);
    expect(cadence.gapMs()).toBe(500 / OBJECT_COUNT_BUDGET_SHARE);
    expect(cadence.due(10_000 + 500 / OBJECT_COUNT_BUDGET_SHARE - 1)).toBe(false);
    expect(cadence.due(10_000 + 500 / OBJECT_COUNT_BUDGET_SHARE)).toBe(true);
    cadence.taken(40_000, 20);
    expect(cadence.gapMs()).toBe(500 / OBJECT_COUNT_BUDGET_SHARE);
    cadence.taken(70_000, 1e9);
    expect(cadence.gapMs()).toBe(OBJECT_COUNT_MAX_GAP_MS);
  });

  it('takes a fixed gap from its test hook', () => {
    const cadence = new ObjectCountCadence({ [OBJECT_COUNT_GAP_TEST_ENV]: '1500' });
    cadence.taken(0, 10_000);
    expect(cadence.gapMs()).toBe(1500);
    expect(cadence.due(1400, 200)).toBe(true);
    expect(cadence.due(1200, 200)).toBe(false);
  });
});
