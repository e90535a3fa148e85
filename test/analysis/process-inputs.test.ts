/**
 * A side of several processes (a cluster's workers) split into the processes judged on their
 * own, each per cycle of its own: a worker that took half the side's connections and keeps a
 * 4 KiB Buffer for each must read +4 KiB/cycle, not +2 KiB (divided by the whole side's cycles).
 */
import { describe, expect, it } from 'vitest';
import { analyzeRun } from '../../src/analysis/analyze.js';
import { ownCycles, processInputs, snapshotSets } from '../../src/analysis/process-inputs.js';
import { emptyCycleCounts } from '../../src/model/cycle-counts.js';
import type { RunRecord } from '../../src/model/run-record.js';
import type { Sample, SnapshotRecord } from '../../src/model/sample.js';
import { makeSamples, makeScenario } from '../verdict/synthetic.js';

const MB = 1024 * 1024;

/** Two workers sharing the side's cycles half and half; worker 2 keeps `perOwnCycle` bytes of external per connection it took. */
function cluster(perOwnCycle: number, withOwnCycles = true): Sample[] {
  const side = makeSamples({ n: 120, cyclesPerSample: 30 });
  return side.flatMap((s) =>
    [1, 2].map((worker) => {
      const own = s.cycle / 2;
      const external = 2 * MB + (worker === 2 ? perOwnCycle * own : 0);
      const mem = { ...s.mem, external };
      return {
        ...s,
        role: 'server' as const,
        mem,
        postGc: s.postGc && { ...s.postGc, external },
        process: { pid: 100 + worker, label: `server worker ${worker} (pid ${100 + worker})` },
        ...(withOwnCycles ? { processCycles: own } : {}),
      };
    }),
  );
}

function snapshot(pid: number, seq: number, cycle: number, processCycle?: number): SnapshotRecord {
  return { role: 'server', seq, cycle, t: cycle * 33, file: `server-pid${pid}-${seq}-c${cycle}.heapsnapshot`, bytes: 1, ms: 1, pid, ...(processCycle === undefined ? {} : { processCycle }) };
}

function record(samples: Sample[], snapshots: SnapshotRecord[] = []): RunRecord {
  return {
    dir: '',
    scenario: makeScenario({ underTest: 'server' }),
    startedAt: new Date(0),
    durationMs: 120_000,
    counts: emptyCycleCounts(),
    sides: {},
    proxy: null,
    closeCodes: {},
    closeCodesSeenBy: 'client',
    url: '',
    samples,
    snapshots,
    snapshotFailures: [],
    snapshotsSkipped: [],
    pids: {},
    orchestrator: [],
    error: null,
    interrupted: false,
    endedBy: 'duration',
  } as RunRecord;
}

describe('processInputs', () => {
  it('gives each worker its own samples, snapshots and cycles', () => {
    const snaps = [snapshot(101, 1, 600, 300), snapshot(102, 2, 610, 305), snapshot(101, 3, 900, 450)];
    const inputs = processInputs('server', cluster(4096), snaps);
    expect(inputs.map((i) => i.objectsKey)).toEqual(['server:101', 'server:102']);
    const [w1, w2] = inputs;
    expect(w1?.samples.every((s) => s.process?.pid === 101)).toBe(true);
    // Restamped with the worker's own count: half the side's.
    expect(w2?.samples.at(-1)?.cycle).toBe((119 * 30) / 2);
    expect(w1?.snapshots.map((s) => [s.seq, s.cycle])).toEqual([[1, 300], [3, 450]]);
    expect(w2?.snapshots.map((s) => [s.seq, s.cycle])).toEqual([[2, 305]]);
    expect(w2?.cycles).toEqual({ of: 'process', total: (119 * 30) / 2 });
  });

  it('keeps a side of one process as it is, per the side cycles', () => {
    const samples = makeSamples({ n: 10 });
    const inputs = processInputs('client', samples, []);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.samples).toEqual(samples);
    expect(inputs[0]?.cycles).toEqual({ of: 'side', total: 270 });
    expect(snapshotSets(['client'], samples, []).map((s) => s.key)).toEqual(['client']);
  });

  it('falls back to the side cycles when a worker\'s probe counted none (an older run folder)', () => {
    const [w1] = processInputs('server', cluster(4096, false), []);
    expect(w1?.cycles.of).toBe('side');
    expect(w1?.samples.at(-1)?.cycle).toBe(119 * 30);
  });

  it('stamps a snapshot without its own count from the last sample before it', () => {
    const samples = cluster(0).filter((s) => s.process?.pid === 101);
    const { snapshots } = ownCycles(samples, [snapshot(101, 1, 600)]);
    // t = 19,800 ms: the sample at 19 s had 19 × 30 / 2 cycles of its own.
    expect(snapshots[0]?.cycle).toBe(285);
  });
});

describe('analyzeRun on a cluster: per cycle of each worker\'s own', () => {
  it('reads the leaky worker at its own per-connection rate and says so; the clean one passes', () => {
    const summary = analyzeRun(record(cluster(4096)));
    const byLabel = Object.fromEntries(summary.processes.map((p) => [p.label, p]));
    const leaky = byLabel['server worker 2 (pid 102)'];
    const clean = byLabel['server worker 1 (pid 101)'];
    expect(leaky?.verdict).toBe('fail');
    expect(clean?.verdict).toBe('pass');
    const external = leaky?.growth.find((g) => g.series === 'external');
    expect(external?.perCycle).toBeCloseTo(4096, 0);
    expect(leaky?.cycles).toEqual({ of: 'process', total: 1785 });
    expect(leaky?.reason).toMatch(/per cycle of its own \(1785 connections it took\)$/);
  });

  it('divides by the side cycles when the workers counted none, and says that instead', () => {
    const summary = analyzeRun(record(cluster(4096, false)));
    const leaky = summary.processes.find((p) => p.pid === 102);
    expect(leaky?.growth.find((g) => g.series === 'external')?.perCycle).toBeCloseTo(2048, 0);
    expect(leaky?.reason).toMatch(/per cycle of the side \(3570 cycles\)$/);
  });
});
