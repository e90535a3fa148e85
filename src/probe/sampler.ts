/**
 * The probe inside a process under test: samples `process.memoryUsage()`, a post-GC
 * figure and active handles every interval, and hands each sample to `emit`.
 */
import { getHeapCodeStatistics } from 'node:v8';
import type { MemoryFigures, PostGcFigures, Sample } from '../model/sample.js';
import type { Role } from '../scenario/types.js';
import { ObjectCensus, censusUnavailable } from './object-census.js';
import { ObjectCountCadence } from './object-count-cadence.js';
import { PostGcCadence } from './post-gc-cadence.js';

export type RawSample = Omit<Sample, 'cycle'>;

export interface SamplerOptions {
  role: Role;
  intervalMs: number;
  /** Also sample right after a full GC (needs `--expose-gc`). */
  postGc: boolean;
  /** Fixed time between post-GC samples; null (the default) for the automatic cadence (post-gc-cadence.ts). */
  postGcEveryMs?: number | null;
  /** Planned run length, ms, for one post-GC cadence throughout the run; null when bounded by cycles alone. */
  plannedMs?: number | null;
  startedAt: number;
  emit: (sample: RawSample) => void;
  /** Live objects cannot be counted (no inspector, or a count failed): why; counting stops. */
  countsFailed?: (why: string) => void;
  /**
   * Called before a live-object count, which pauses the process for up to seconds: resolves once the
   * orchestrator has been told, so its watchdog does not take the silence for a hang.
   */
  countStarting?: () => Promise<void>;
  /** The full-GC function when it is not the global `gc` (a preloaded probe gets one without --expose-gc). */
  gc?: () => void;
  /** Which process of a side this is, when a side has several (a command's tree); stamped on each sample. */
  process?: { pid: number; label: string };
}

/** `gc` exists only when the process runs with --expose-gc, which the harness always passes. */
function fullGc(given?: () => void): boolean {
  const gc = given ?? (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return false;
  // Twice: the first pass leaves Buffers whose memory is freed by finalizers, so external
  // still counts them (7.6 MB after one pass vs 1.4 MB after two, in the corpus's clean-garbage).
  gc();
  gc();
  return true;
}

function memory(): MemoryFigures {
  const m = process.memoryUsage();
  return { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

/** After a full GC: the memory figures and V8's code size (a heap walk: ~30% of the GC's own time). */
function postGcFigures(): PostGcFigures {
  const code = getHeapCodeStatistics();
  return { ...memory(), code: code.code_and_metadata_size + code.bytecode_and_metadata_size };
}

function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function countProcessListeners(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of process.eventNames()) {
    const n = process.listenerCount(event);
    if (n > 0) counts[String(event)] = n;
  }
  return counts;
}

/** One sample now; with `postGc`, also a full GC and the figures after it. */
export function takeSample(options: { role: Role; postGc: boolean; startedAt: number; gc?: () => void }): RawSample {
  const t = Date.now() - options.startedAt;
  const mem = memory();
  const postGc = options.postGc && fullGc(options.gc) ? postGcFigures() : null;
  return {
    role: options.role,
    t,
    mem,
    postGc,
    resources: countResources(),
    listeners: countProcessListeners(),
  };
}

/** CPU time (user + system, all threads) since `began`, ms. */
function cpuMsSince(began: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(began);
  return (used.user + used.system) / 1000;
}

export class Sampler {
  private timer: NodeJS.Timeout | null = null;
  private readonly cadence: PostGcCadence;
  /** Set once the orchestrator asks for live-object counts (its heap snapshots are skipped). */
  private counts: { census: ObjectCensus; cadence: ObjectCountCadence } | null = null;

  constructor(private readonly options: SamplerOptions) {
    this.cadence = new PostGcCadence({
      everyMs: options.postGcEveryMs ?? null,
      intervalMs: options.intervalMs,
      plannedMs: options.plannedMs ?? null,
    });
  }

  start(): void {
    this.sampleNow();
    this.timer = setInterval(() => this.sampleNow(), this.options.intervalMs);
    this.timer.unref();
  }

  /** A sample now; post-GC when the cadence says so, or always with `finalSample` (the run's last figure). */
  sampleNow(finalSample = false): void {
    const { role, startedAt } = this.options;
    const elapsedMs = Date.now() - startedAt;
    const postGc = this.options.postGc && (finalSample || this.cadence.due(elapsedMs));
    const began = process.cpuUsage();
    const taken = takeSample({ role, postGc, startedAt, gc: this.options.gc });
    const sample = this.options.process ? { ...taken, process: this.options.process } : taken;
    // The sample's own cost is almost all the forced GC (memoryUsage and handle counts: < 0.1 ms).
    // CPU time, not wall time: on a loaded runner the wall time of a 10 MB heap's GC reached
    // 100–150 ms while the process waited for a core, and thinned the cadence mid-run.
    if (sample.postGc) this.cadence.taken(elapsedMs, cpuMsSince(began));
    this.options.emit(sample);
    // Not with the final sample: the process is stopping, and a count would only delay it.
    if (!finalSample) this.countObjectsIfDue(elapsedMs);
  }

  /** Counts live objects by constructor from now on, every few samples (object-count-cadence.ts). */
  startObjectCounts(): void {
    if (this.counts) return;
    const why = censusUnavailable();
    if (why) {
      this.options.countsFailed?.(why);
      return;
    }
    this.counts = { census: new ObjectCensus(), cadence: new ObjectCountCadence() };
  }

  /** When a count is due: tells the orchestrator, counts, and sends the counts in a sample of their own (no forced GC: the count's own). */
  private countObjectsIfDue(elapsedMs: number): void {
    const counts = this.counts;
    if (!counts || !counts.cadence.due(elapsedMs, this.options.intervalMs / 2)) return;
    // Marked taken now, so the next sample does not start a second count while this one waits.
    counts.cadence.taken(elapsedMs, 0);
    const starting = this.options.countStarting?.() ?? Promise.resolve();
    void starting.then(() => {
      if (this.counts !== counts || this.timer === null) return;
      try {
        const objects = counts.census.count();
        counts.cadence.taken(elapsedMs, objects.cpuMs);
        const { role, startedAt } = this.options;
        this.options.emit({ ...takeSample({ role, postGc: false, startedAt }), objects });
      } catch (error) {
        this.counts = null;
        counts.census.disconnect();
        this.options.countsFailed?.(`counting live objects failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
