/**
 * A scenario after validation: every default filled in, durations in milliseconds,
 * sizes in bytes, module paths absolute. Everything downstream reads only this shape.
 */
export type Role = 'client' | 'server';
export type UnderTest = 'client' | 'server' | 'both';
export type SnapshotEngine = 'v8' | 'heapdump';

/** The part of a run before judging starts: either a fixed time or a share of the run. */
export type Warmup = { kind: 'ms'; ms: number } | { kind: 'fraction'; fraction: number };

export interface Scenario {
  /** Absolute path of the scenario file ('' when built in code). */
  file: string;
  name: string;
  description: string;
  /** Stop after this long; null when only `cycles` bounds the run. */
  durationMs: number | null;
  /** Stop after this many cycles; null when only `duration` bounds the run. */
  cycles: number | null;
  warmup: Warmup;
  underTest: UnderTest;
  sample: {
    intervalMs: number;
    /** Take a post-GC sample (`gc()` then `memoryUsage()`) with every sample. */
    gc: boolean;
  };
  snapshots: {
    enabled: boolean;
    /** Time between snapshots; null with `atCycles` or with the automatic schedule. */
    everyMs: number | null;
    /** Cycle counts at which to snapshot; null with `everyMs` or the automatic schedule. */
    atCycles: number[] | null;
    /** Most snapshots kept per process under test. */
    keep: number;
    /** Disk budget for all snapshots of the run, bytes; null = only the free-space check. */
    maxBytes: number | null;
    engine: SnapshotEngine;
  };
  server: {
    /** Absolute path of a user server module; null for the built-in server. */
    module: string | null;
    host: string;
    port: number;
    /** Time each child gets to become ready. */
    startTimeoutMs: number;
  };
  client: {
    /** Absolute path of a user client module; null for the built-in client. */
    module: string | null;
    /** Concurrent connections the built-in client keeps. */
    count: number;
  };
  disconnect: {
    /** Connection lifetime before the harness ends it. */
    afterMs: number;
    /** Random extra lifetime, uniform in [0, jitterMs]. */
    jitterMs: number;
  };
  traffic: {
    /** Messages the server sends on each connection. */
    messages: number;
    sizeBytes: number;
  };
  verdict: {
    /** Post-GC heap growth per cycle above which a significant trend fails the run. */
    maxGrowthPerCycle: number;
    /** Total post-GC heap growth over the judged window above which the run fails; null = no limit. */
    maxGrowth: number | null;
    /** Fewest cycles in the judged window for a pass or fail; fewer is inconclusive. */
    minCycles: number;
  };
}
