import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EARLY_VERDICT_CONFIRMATIONS, watchForVerdict } from '../../src/analysis/early-verdict.js';
import type { ProvisionalVerdict } from '../../src/model/provisional.js';
import type { SoakRun } from '../../src/run/run.js';

function verdict(atMs: number, failing: boolean, final = false): ProvisionalVerdict {
  return {
    atMs,
    warmupEndsMs: 0,
    final,
    processes: [
      { role: 'client', verdict: failing ? 'fail' : 'pass', reason: failing ? 'leaks' : 'fine', cyclesJudged: 100, heapUsed: null, external: null, failing: [] },
    ],
  };
}

function watched(): { run: EventEmitter; settled: Array<[number, string]> } {
  const run = new EventEmitter();
  const settled: Array<[number, string]> = [];
  watchForVerdict(run as unknown as SoakRun, (atMs, reason) => settled.push([atMs, reason]));
  return { run, settled };
}

describe('watchForVerdict', () => {
  it(`settles on the ${EARLY_VERDICT_CONFIRMATIONS}nd failing provisional verdict in a row, once`, () => {
    const { run, settled } = watched();
    run.emit('provisional', verdict(1000, true));
    expect(settled).toEqual([]);
    run.emit('provisional', verdict(2000, true));
    run.emit('provisional', verdict(3000, true));
    expect(settled).toEqual([[2000, 'leaks']]);
  });

  it('starts counting again after a verdict that does not fail', () => {
    const { run, settled } = watched();
    run.emit('provisional', verdict(1000, true));
    run.emit('provisional', verdict(2000, false));
    run.emit('provisional', verdict(3000, true));
    expect(settled).toEqual([]);
    run.emit('provisional', verdict(4000, true));
    expect(settled).toEqual([[4000, 'leaks']]);
  });

  it('does not settle on the final judgement made when the run is done', () => {
    const { run, settled } = watched();
    run.emit('provisional', verdict(1000, true));
    run.emit('provisional', verdict(2000, true, true));
    expect(settled).toEqual([]);
  });
});
