/**
 * The terminal charts (asciichart) of chart.txt and the end of a run: post-GC heapUsed with the
 * limit drawn as a dotted slope from the start of the judged window (a pass stays under it, a
 * leak climbs past it), and rss. Returns text; a series too short to chart is left out quietly.
 */
import asciichart from 'asciichart';
import { TERMINAL_CHART_HEIGHT, TERMINAL_CHART_WIDTH } from '../constants.js';
import type { Summary } from '../analysis/summary.js';
import { formatCount, formatPerCycle } from '../format/units.js';
import type { Sample } from '../model/sample.js';
import type { RoleVerdict } from '../verdict/types.js';
import { median } from '../verdict/stats.js';
import type { Role } from '../scenario/types.js';
import { chartSubjects } from './chart-data.js';
import { downsampleMean } from './downsample.js';
import { judgedHeapRow } from './judged-growth.js';
import { wrapText } from './terminal-style.js';

const MiB = 1024 * 1024;
/** asciichart's glyphs for the limit line: dots, so it cannot be taken for the measured series. */
const LIMIT_SYMBOLS: [string, string, string, string, string, string, string, string, string, string] = ['┼', '┤', '·', '·', '·', '·', '·', '·', '·', '·'];

const label = (x: number) => `${x.toFixed(2).padStart(9)} MiB`;

/**
 * The limit as a line over the judged samples: from the measured trend's level at the window's
 * first cycle, rising `limit` bytes per cycle (MiB); NaN before the window.
 */
function limitLine(heap: Sample[], fromMs: number, limit: number, rawPerCycle: number): number[] {
  const judged = heap.filter((s) => s.t >= fromMs);
  const first = judged[0];
  if (!first || judged.length < 2) return heap.map(() => NaN);
  // Where the fitted raw trend stands at the window's start: the median residual, as Theil–Sen fits it.
  const level = median(judged.map((s) => (s.postGc?.heapUsed ?? 0) - rawPerCycle * (s.cycle - first.cycle)));
  return heap.map((s) => (s.t >= fromMs ? (level + limit * (s.cycle - first.cycle)) / MiB : NaN));
}

/** Plots `values` with `limit` (NaN where it is not drawn) on the same scale, limit dotted underneath. */
function plotWithLimit(values: number[], limit: number[], height: number): string {
  const drawn = limit.filter((x) => Number.isFinite(x));
  if (drawn.length < 2) return asciichart.plot(values, { height, format: label });
  const min = Math.min(...values, ...drawn);
  const max = Math.max(...values, ...drawn);
  const start = limit.findIndex((x) => Number.isFinite(x));
  const base = { height, format: label, min, max };
  const data = asciichart.plot(values, base).split('\n');
  // Before the window the limit line is held at its first value and then not shown.
  const held = limit.map((x) => (Number.isFinite(x) ? x : (drawn[0] as number)));
  const dots = asciichart.plot(held, { ...base, symbols: LIMIT_SYMBOLS }).split('\n');
  const axis = data[0]?.indexOf('┤') ?? -1;
  return data
    .map((row, r) => {
      const under = [...(dots[r] ?? '')];
      return [...row].map((ch, c) => (ch === ' ' && c > axis + start && under[c] === '·' ? '·' : ch)).join('');
    })
    .join('\n');
}

/**
 * The post-GC heapUsed plot of one process's samples with the limit dotted from the judged
 * window's start (`p` is its verdict, when judged), or null with fewer than 2 post-GC samples.
 */
export function heapChart(samples: Sample[], p: RoleVerdict | undefined, limitPerCycle: number, width: number, height: number): { plot: string; samples: number } | null {
  const postGc = samples.filter((s) => s.postGc);
  if (postGc.length < 2) return null;
  const values = downsampleMean(postGc.map((s) => (s.postGc?.heapUsed ?? 0) / MiB), width);
  const judged = p ? judgedHeapRow(p) : undefined;
  const raw = judged?.rawPerCycle ?? judged?.perCycle ?? 0;
  const limit = p ? limitLine(postGc, p.judgedWindow.fromMs, limitPerCycle, raw) : postGc.map(() => NaN);
  return { plot: plotWithLimit(values, downsampleMean(limit, width), height), samples: postGc.length };
}

/** Columns the y labels and axis take ("   12.34 MiB ┤"). */
const LABEL_COLUMNS = 15;
/** Narrowest chart body worth drawing. */
const MIN_CHART_WIDTH = 20;

/**
 * Charts for every process under test: post-GC heapUsed (with the limit) and rss over the run,
 * fitted to `columns` (titles wrapped at word boundaries, bodies at most TERMINAL_CHART_WIDTH wide).
 */
export function renderCharts(samples: Sample[], summary: Pick<Summary, 'processes'>, roles: string[], limitPerCycle: number, columns = Infinity): string {
  const width = Math.max(MIN_CHART_WIDTH, Math.min(TERMINAL_CHART_WIDTH, columns - LABEL_COLUMNS));
  const title = (text: string) => wrapText(text, columns);
  const parts: string[] = [];
  // One chart per process: a cluster's workers are never mixed in one series.
  for (const subject of chartSubjects(roles.filter((r): r is Role => r === 'client' || r === 'server'), samples)) {
    const mine = subject.samples;
    const role = subject.title;
    const seconds = mine.length ? Math.round((mine[mine.length - 1]?.t ?? 0) / 1000) : 0;
    const p = summary.processes.find((x) => x.role === subject.role && x.pid === subject.pid);
    const heap = heapChart(mine, p, limitPerCycle, width, TERMINAL_CHART_HEIGHT);
    if (heap) {
      const judged = p ? judgedHeapRow(p) : undefined;
      const trend = judged ? `; judged trend ${formatPerCycle(judged.perCycle, 'bytes')}` : '';
      const head = title(
        `${role}: post-GC heapUsed over ${seconds} s (${formatCount(heap.samples)} post-GC samples${trend}; ` +
          `···· limit ${formatPerCycle(limitPerCycle, 'bytes')} from the start of the judged window)`,
      );
      parts.push(`${head}\n${heap.plot}\n`);
    }
    if (mine.length >= 2) {
      const rss = downsampleMean(mine.map((s) => s.mem.rss / MiB), width);
      const body = asciichart.plot(rss, { height: TERMINAL_CHART_HEIGHT, format: label });
      const head = title(`${role}: rss over ${seconds} s (${formatCount(mine.length)} samples; shown, not judged: snapshots and allocator behaviour move it)`);
      parts.push(`${head}\n${body}\n`);
    }
  }
  return parts.join('\n');
}
