/**
 * The probe inside a process under test: samples `process.memoryUsage()`, a post-GC
 * figure and active handles every interval, and hands each sample to `emit`.
 */
import type { MemoryFigures, Sample } from '../run/sample.js';
import type { Role } from '../scenario/types.js';

export type RawSample = Omit<Sample, 'cycle'>;

export interface SamplerOptions {
  role: Role;
  intervalMs: number;
  /** Also sample right after a full GC (needs `--expose-gc`). */
  postGc: boolean;
  startedAt: number;
  emit: (sample: RawSample) => void;
}

/** `gc` exists only when the process runs with --expose-gc, which the harness always passes. */
function fullGc(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
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

export function takeSample(options: Omit<SamplerOptions, 'intervalMs' | 'emit'>): RawSample {
  const mem = memory();
  const postGc = options.postGc && fullGc() ? memory() : null;
  return {
    role: options.role,
    t: Date.now() - options.startedAt,
    mem,
    postGc,
    resources: countResources(),
    listeners: countProcessListeners(),
  };
}

export class Sampler {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SamplerOptions) {}

  start(): void {
    this.sampleNow();
    this.timer = setInterval(() => this.sampleNow(), this.options.intervalMs);
    this.timer.unref();
  }

  sampleNow(): void {
    this.options.emit(takeSample(this.options));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
