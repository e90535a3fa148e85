/**
 * The data behind the HTML report's charts, per process under test: memory series (post-GC,
 * and before GC) against time and cycles, min/max-downsampled; the judged trend and the limit of the judged
 * series; where warm-up ends; where snapshots were taken; handle and listener counts.
 */
import { processInputs } from '../analysis/process-inputs.js';
import type { Summary } from '../analysis/summary.js';
import type { Sample, SnapshotRecord } from '../model/sample.js';
import type { Role, Scenario } from '../scenario/types.js';
import { median } from '../verdict/stats.js';
import type { Verdict } from '../verdict/types.js';
import { shownGrowth, type ShownGrowth } from './judged-growth.js';
import { CHART_BUCKETS, minMaxIndices, pick } from './minmax-downsample.js';

/** The memory figures of a sample, in the order the charts list them. */
export const MEMORY_KEYS = ['heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'rss'] as const;
/** One of MEMORY_KEYS. */
export type MemoryKey = (typeof MEMORY_KEYS)[number];

/** Handle types charted per process; the types named in evidence come first, then the most numerous. */
const MAX_HANDLE_SERIES = 8;

/** The straight line the verdict fitted: `intercept + slope × cycle`, over the judged cycles. */
export interface TrendLine {
  /** Bytes per cycle as the verdict judged it (heapUsed: net of V8's compiled code). */
  slope: number;
  intercept: number;
  fromCycle: number;
  toCycle: number;
  /** heapUsed: the raw series' slope with V8's compiled code, when code was taken off; else null. */
  rawSlope: number | null;
}

/** The limit as a line: from the judged trend's level at the window's first cycle, rising `perCycle` bytes a cycle. */
export interface LimitLine {
  perCycle: number;
  /** Bytes at `fromCycle`. */
  start: number;
  fromCycle: number;
  toCycle: number;
}

/** Everything the charts of one process under test draw (inlined as JSON in report.html). */
export interface RoleChartData {
  role: Role;
  /** Element ids and the cursor sync use it: the role, or `server-1234` for one worker of a cluster. */
  key: string;
  /** Chart titles begin with it: the role, or the worker's label ("server worker 2 (pid 1234)"). */
  title: string;
  verdict: Verdict | null;
  /** The memory series are post-GC (else sampling ran without GC and they are raw). */
  postGc: boolean;
  /** Samples of this role in the run, and points kept for the charts. */
  sampleCount: number;
  pointCount: number;
  /** Seconds since the start, and cycles, at each kept point. */
  t: number[];
  cycle: number[];
  memory: Record<MemoryKey, number[]>;
  /** The same points before the GC, when the memory series are post-GC. */
  beforeGc: Record<MemoryKey, number[]> | null;
  trend: { heapUsed: TrendLine | null; external: TrendLine | null };
  /** `verdict.maxGrowthPerCycle` drawn on the heapUsed and external charts over the judged window. */
  limit: { heapUsed: LimitLine | null; external: LimitLine | null };
  /** End of warm-up: judging starts here. */
  warmup: { seconds: number; cycle: number };
  snapshots: Array<{ seconds: number; cycle: number; label: string; file: string }>;
  handles: { t: number[]; cycle: number[]; series: Array<{ name: string; values: number[] }> };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function memoryOf(samples: Sample[], read: (s: Sample) => Record<MemoryKey, number> | null): Record<MemoryKey, number[]> {
  const out = {} as Record<MemoryKey, number[]>;
  for (const key of MEMORY_KEYS) out[key] = samples.map((s) => read(s)?.[key] ?? 0);
  return out;
}

/** Intercept of the summary's slope through the judged samples (median residual, as Theil–Sen fits it). */
function trendLine(samples: Sample[], fromMs: number, key: 'heapUsed' | 'external', g: ShownGrowth | undefined): TrendLine | null {
  const slope = g?.perCycle;
  if (slope === undefined || !Number.isFinite(slope)) return null;
  const judged = samples.filter((s) => s.t >= fromMs && s.postGc);
  if (judged.length < 2) return null;
  const intercept = median(judged.map((s) => (s.postGc?.[key] ?? 0) - slope * s.cycle));
  return { slope, intercept, fromCycle: judged[0]?.cycle ?? 0, toCycle: judged[judged.length - 1]?.cycle ?? 0, rawSlope: g?.rawPerCycle ?? null };
}

function limitLine(trend: TrendLine | null, perCycle: number): LimitLine | null {
  if (!trend) return null;
  return { perCycle, start: trend.intercept + trend.slope * trend.fromCycle, fromCycle: trend.fromCycle, toCycle: trend.toCycle };
}

function handleSeries(samples: Sample[], evidenceNames: Set<string>): RoleChartData['handles'] {
  const peak = new Map<string, number>();
  for (const s of samples) for (const [name, n] of Object.entries(s.resources ?? {})) peak.set(name, Math.max(peak.get(name) ?? 0, n));
  const names = [...peak.keys()]
    .sort((a, b) => Number(evidenceNames.has(b)) - Number(evidenceNames.has(a)) || (peak.get(b) ?? 0) - (peak.get(a) ?? 0))
    .slice(0, MAX_HANDLE_SERIES);
  const series = names.map((name) => ({ name, values: samples.map((s) => s.resources?.[name] ?? 0) }));
  const listeners = samples.map((s) => Object.values(s.listeners ?? {}).reduce((a, b) => a + b, 0));
  series.push({ name: 'process listeners', values: listeners });
  const idx = minMaxIndices(series.map((s) => s.values), samples.length, CHART_BUCKETS);
  return {
    t: pick(samples, idx).map((s) => round3(s.t / 1000)),
    cycle: pick(samples, idx).map((s) => s.cycle),
    series: series.map((s) => ({ name: s.name, values: pick(s.values, idx) })),
  };
}

function warmupOf(verdict: Summary['processes'][number] | undefined, summary: Summary, scenario: Scenario, samples: Sample[]): RoleChartData['warmup'] {
  const judged = verdict?.judgedWindow;
  const fromMs = judged?.fromMs ?? (scenario.warmup.kind === 'ms' ? scenario.warmup.ms : scenario.warmup.fraction * summary.durationMs);
  const cycle = judged?.fromCycle ?? samples.find((s) => s.t >= fromMs)?.cycle ?? 0;
  return { seconds: round3(fromMs / 1000), cycle };
}

function snapshotMarks(details: SnapshotRecord[]): RoleChartData['snapshots'] {
  return details
    .map((s) => ({ seconds: round3(s.t / 1000), cycle: s.cycle, label: `#${s.seq}`, file: s.file }));
}

/** A process charted on its own: a side, or one worker of a cluster (its samples per cycle of its own). */
export interface ChartSubject {
  role: Role;
  key: string;
  title: string;
  pid?: number;
  samples: Sample[];
  snapshots: SnapshotRecord[];
}

/** The processes to chart, one series each (a cluster's workers are never mixed in one series), as the verdict judged them. */
export function chartSubjects(roles: readonly Role[], samples: readonly Sample[], snapshots: readonly SnapshotRecord[] = []): ChartSubject[] {
  return [...new Set(roles)].flatMap((role) =>
    processInputs(role, samples, snapshots).map((input) => {
      const pid = input.process?.pid;
      return {
        role,
        key: pid === undefined ? role : `${role}-${pid}`,
        title: input.process?.label ?? role,
        ...(pid === undefined ? {} : { pid }),
        samples: input.samples,
        snapshots: input.snapshots,
      };
    }),
  );
}

/** Chart data for one process under test, downsampled to at most ~2 × CHART_BUCKETS points per series. */
export function roleChartData(subject: ChartSubject, summary: Summary, scenario: Scenario): RoleChartData {
  const { role } = subject;
  const mine = subject.samples;
  const withGc = mine.filter((s) => s.postGc);
  const postGc = withGc.length > 0;
  const points = postGc ? withGc : mine;
  const memory = memoryOf(points, (s) => (postGc ? s.postGc : s.mem));
  const idx = minMaxIndices(MEMORY_KEYS.map((k) => memory[k]), points.length, CHART_BUCKETS);
  const kept = pick(points, idx);
  const verdict = summary.processes.find((p) => p.role === role && p.pid === subject.pid);
  const rows = verdict ? shownGrowth(verdict) : [];
  const growth = (series: 'heapUsed' | 'external') => rows.find((g) => g.series === series);
  const fromMs = verdict?.judgedWindow.fromMs ?? Infinity;
  const evidenceNames = new Set((verdict?.evidence ?? []).filter((e) => e.kind === 'handles').map((e) => e.name));
  const trend = {
    heapUsed: postGc ? trendLine(points, fromMs, 'heapUsed', growth('heapUsed')) : null,
    external: postGc ? trendLine(points, fromMs, 'external', growth('external')) : null,
  };
  const limit = scenario.verdict.maxGrowthPerCycle;
  const down = {} as Record<MemoryKey, number[]>;
  for (const key of MEMORY_KEYS) down[key] = pick(memory[key], idx);
  return {
    role,
    key: subject.key,
    title: subject.title,
    verdict: verdict?.verdict ?? null,
    postGc,
    sampleCount: mine.length,
    pointCount: kept.length,
    t: kept.map((s) => round3(s.t / 1000)),
    cycle: kept.map((s) => s.cycle),
    memory: down,
    beforeGc: postGc ? memoryOf(kept, (s) => s.mem) : null,
    trend,
    limit: { heapUsed: limitLine(trend.heapUsed, limit), external: limitLine(trend.external, limit) },
    warmup: warmupOf(verdict, summary, scenario, mine),
    snapshots: snapshotMarks(subject.snapshots),
    handles: handleSeries(mine, evidenceNames),
  };
}
