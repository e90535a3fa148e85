/**
 * The growth rows every view shows for a process under test: heapUsed as the verdict judged it
 * (net of V8's compiled code, from the record's `judgedHeapUsed`), with the raw figure beside it
 * as detail; external and rss as measured. Summaries of older versions have no judged figure:
 * their rows are the raw series.
 */
import { formatPerCycle } from '../format/units.js';
import type { RoleVerdict, SeriesGrowth } from '../verdict/types.js';

/** One row: the growth a view shows, and what was taken off it. */
export interface ShownGrowth extends SeriesGrowth {
  /** True for the series the verdict judges (heapUsed, external); rss is shown only. */
  judged: boolean;
  /** heapUsed: the raw slope with V8's compiled code, when code was taken off; else null. */
  rawPerCycle: number | null;
}

/** The growth rows of `p` in its order (heapUsed, external, rss), heapUsed as judged. */
export function shownGrowth(p: Pick<RoleVerdict, 'growth' | 'judgedHeapUsed'>): ShownGrowth[] {
  return p.growth.map((g) => {
    const judged = p.judgedHeapUsed;
    if (g.series === 'heapUsed' && judged) {
      return { ...judged.growth, judged: true, rawPerCycle: judged.codePerCycle > 0 ? judged.rawPerCycle : null };
    }
    return { ...g, judged: g.series !== 'rss', rawPerCycle: null };
  });
}

/** The judged heapUsed row of `p`, or undefined when it has no growth figures. */
export function judgedHeapRow(p: Pick<RoleVerdict, 'growth' | 'judgedHeapUsed'>): ShownGrowth | undefined {
  return shownGrowth(p).find((g) => g.series === 'heapUsed');
}

/** `raw +187 B/cycle incl. V8 code`, the detail beside a judged heapUsed figure; '' when nothing was taken off. */
export function rawDetail(g: Pick<ShownGrowth, 'rawPerCycle'>): string {
  return g.rawPerCycle === null ? '' : `raw ${formatPerCycle(g.rawPerCycle, 'bytes')} incl. V8 code`;
}

/** A row's name as views print it: `heapUsed (judged)`, `external`, `rss (not judged)`. */
export function seriesLabel(g: Pick<ShownGrowth, 'series' | 'rawPerCycle'>): string {
  if (g.series === 'rss') return 'rss (not judged)';
  return g.series === 'heapUsed' && g.rawPerCycle !== null ? 'heapUsed (judged)' : g.series;
}
