/** What a process under test measures about itself, once per `sample.interval`. */
import type { Role } from '../scenario/types.js';

export interface MemoryFigures {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/** The figures right after a full GC. */
export interface PostGcFigures extends MemoryFigures {
  /**
   * V8's compiled code and bytecode with their metadata (`v8.getHeapCodeStatistics()`), bytes:
   * heap that grows while V8 warms up, not the application's. Absent in older run folders.
   */
  code?: number;
}

export interface Sample {
  role: Role;
  /** Milliseconds since the run started. */
  t: number;
  /** Cycles completed when the sample was taken (counted by the harness's side). */
  cycle: number;
  mem: MemoryFigures;
  /** Right after a full `gc()`; null when post-GC sampling is off. */
  postGc: PostGcFigures | null;
  /** `process.getActiveResourcesInfo()` counted by type, e.g. `{ Timeout: 3, TCPSocketWrap: 1 }`. */
  resources: Record<string, number>;
  /** Listener counts on `process` by event name (only events with listeners). */
  listeners: Record<string, number>;
  /**
   * Which process of its side took it, when a side is a program's tree (a `cluster` server's
   * workers are judged one by one); absent for a module or built-in side, and in older run folders.
   */
  process?: SampleProcess;
  /**
   * The process's own cycles (a command side's probe counts the TCP connections it accepted or
   * opened that closed): a `cluster` worker's growth is judged per cycle of its own. Absent for a
   * module or built-in side, and in older run folders.
   */
  processCycles?: number;
  /** What the figures are: absent for Node's own probe; `os` for a non-Node program seen from /proc. */
  evidence?: 'node' | 'os';
  /** Threads of a program seen from /proc (`evidence: 'os'`): shown, not judged. */
  threads?: number;
  /**
   * Live objects by constructor (probe/object-census.ts), only in samples of a process whose heap
   * snapshots are skipped, every few samples; absent otherwise and in older run folders.
   */
  objects?: ObjectCounts;
}

/** One count of the live objects in a process under test, by constructor name. */
export interface ObjectCounts {
  /** Constructor name (`Session`, `Array`, `(closure)` for functions) → live objects, the most numerous first. */
  counts: Record<string, number>;
  /** Wall time the count took (the process is paused meanwhile), ms. */
  ms: number;
  /** CPU time it took, ms. */
  cpuMs: number;
}

/** A process of a command side: its pid and how reports name it ("server worker 2 (pid 1234)"). */
export interface SampleProcess {
  pid: number;
  label: string;
}

/** One heap snapshot written by a process under test. */
export interface SnapshotRecord {
  role: Role;
  seq: number;
  cycle: number;
  /** Milliseconds since the run started, when the snapshot was requested. */
  t: number;
  /** File name inside the run folder. */
  file: string;
  bytes: number;
  /** Time the target spent writing it (it is paused meanwhile). */
  ms: number;
  /** The process it is of, when a side is a program's tree (a cluster's worker); absent otherwise. */
  pid?: number;
  /** How reports name that process ("server worker 2 (pid 1234)"); absent otherwise. */
  label?: string;
  /** That process's own cycles when it was asked (Sample.processCycles); absent otherwise. */
  processCycle?: number;
}
