/**
 * The one heap figure: post-GC heapUsed growth as the heap trend judges it (net of V8's compiled
 * code), kept in the role's verdict record so every view shows the number that was judged and
 * none recomputes it (issue 18 item 1, issue 15 item 4).
 */
import type { NetHeapGrowth } from './code-warmup.js';
import type { JudgedHeapUsed, JudgedWindow } from './types.js';

const MS_PER_MINUTE = 60_000;

/** What `judge` records as `judgedHeapUsed` for a role, from the net growth it judged. */
export function judgedHeapUsed(net: NetHeapGrowth, window: JudgedWindow, limitPerCycle: number): JudgedHeapUsed {
  const code = net.code?.perCycle ?? 0;
  const minutes = (window.toMs - window.fromMs) / MS_PER_MINUTE;
  // The code taken off per cycle, at the window's own cycle rate, is what comes off per minute too.
  const codePerMinute = minutes > 0 ? (code * window.cycles) / minutes : 0;
  return {
    growth: { ...net.growth, perMinute: net.growth.perMinute - codePerMinute },
    rawPerCycle: net.rawPerCycle,
    codePerCycle: code,
    codeSource: net.code?.source ?? null,
    limitPerCycle,
    allowancePerCycle: net.allowance,
  };
}
