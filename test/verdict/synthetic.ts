/** Synthetic samples, scenarios and verdict inputs for the verdict tests. */
import type { Sample, SnapshotRecord } from '../../src/model/sample.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { ObjectGroupSeries, VerdictInput } from '../../src/verdict/types.js';

/** Seeded uniform noise in [-1, 1), so every run of a test sees the same series. */
export function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state / 4294967296) * 2 - 1;
  };
}

export interface SeriesSpec {
  /** Samples to make. */
  n: number;
  /** Milliseconds between samples. */
  intervalMs?: number;
  /** Cycles completed per sample interval. */
  cyclesPerSample?: number;
  /** post-GC heapUsed at sample i with `cycle` cycles done. */
  heap?: (i: number, cycle: number) => number;
  external?: (i: number, cycle: number) => number;
  rss?: (i: number, cycle: number) => number;
  /** post-GC code size (v8.getHeapCodeStatistics); absent: samples carry none, like older run folders. */
  code?: (i: number, cycle: number) => number;
  resources?: (i: number, cycle: number) => Record<string, number>;
  listeners?: (i: number, cycle: number) => Record<string, number>;
  /** False to leave postGc null. */
  postGc?: boolean;
}

const MB = 1024 * 1024;

/** Client samples at a fixed interval and cycle rate; memory defaults to flat. */
export function makeSamples(spec: SeriesSpec): Sample[] {
  const intervalMs = spec.intervalMs ?? 1000;
  const perSample = spec.cyclesPerSample ?? 30;
  const out: Sample[] = [];
  for (let i = 0; i < spec.n; i++) {
    const cycle = i * perSample;
    const heapUsed = spec.heap?.(i, cycle) ?? 10 * MB;
    const external = spec.external?.(i, cycle) ?? 2 * MB;
    const rss = spec.rss?.(i, cycle) ?? 80 * MB;
    const mem = { rss, heapTotal: 20 * MB, heapUsed: heapUsed + 300_000, external, arrayBuffers: 100_000 };
    out.push({
      role: 'client',
      t: i * intervalMs,
      cycle,
      mem,
      postGc: spec.postGc === false ? null : { ...mem, heapUsed, ...(spec.code && { code: spec.code(i, cycle) }) },
      resources: spec.resources?.(i, cycle) ?? { TCPSocketWrap: 1, Timeout: 2 },
      listeners: spec.listeners?.(i, cycle) ?? { exit: 1 },
    });
  }
  return out;
}

/** A validated scenario with the defaults the verdict tests rely on. */
export function makeScenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    file: '',
    name: 'synthetic',
    description: '',
    durationMs: 200_000,
    cycles: null,
    warmup: { kind: 'ms', ms: 0 },
    underTest: 'client',
    sample: { intervalMs: 1000, gc: true, gcEveryMs: null },
    snapshots: { enabled: false, everyMs: null, atCycles: null, keep: 10, engine: 'v8' },
    server: { module: null, host: '127.0.0.1', port: 0 },
    client: { module: null, count: 1 },
    disconnect: { afterMs: 30, jitterMs: 0 },
    traffic: { messages: 1, sizeBytes: 100 },
    verdict: { maxGrowthPerCycle: 128, maxGrowth: null, minCycles: 200 },
    ...overrides,
  };
}

export interface InputSpec {
  samples: Sample[];
  scenario?: Scenario;
  totalMs?: number;
  snapshots?: SnapshotRecord[];
  objectGroups?: ObjectGroupSeries[];
}

/** A verdict input for the client role; totalMs defaults to the last sample's time. */
export function makeInput(spec: InputSpec): VerdictInput {
  const last = spec.samples[spec.samples.length - 1];
  return {
    role: 'client',
    scenario: spec.scenario ?? makeScenario(),
    samples: spec.samples,
    snapshots: spec.snapshots ?? [],
    objectGroups: spec.objectGroups ?? [],
    totalMs: spec.totalMs ?? last?.t ?? 0,
  };
}

/** Snapshot records at the given (t, cycle) points. */
export function makeSnapshots(points: Array<{ t: number; cycle: number }>): SnapshotRecord[] {
  return points.map((p, seq) => ({
    role: 'client',
    seq,
    cycle: p.cycle,
    t: p.t,
    file: `client-${seq}.heapsnapshot`,
    bytes: 5 * MB,
    ms: 200,
  }));
}
