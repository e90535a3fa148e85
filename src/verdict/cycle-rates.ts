/**
 * The loop's cycle rate per phase of a run: warm-up, and each third of the judged window. A
 * verdict judges bytes and counts per cycle; where a level is rate × retention (pending timers, a
 * resume window), a rate that changes mid-window moves it, so summary.json shows the rates.
 */
import type { Sample } from '../model/sample.js';
import type { CycleRates, JudgedWindow } from './types.js';

const MS_PER_S = 1000;

/** Cycles per second between the first and last of `samples`; null with fewer than two or no time between them. */
function rate(samples: readonly Sample[]): number | null {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || !(last.t > first.t)) return null;
  return Math.round(((last.cycle - first.cycle) / (last.t - first.t)) * MS_PER_S * 10) / 10;
}

/**
 * Rates of warm-up (samples before the window, with the window's first) and of each third of
 * the window by time (each third's span runs from the last sample before it, so no cycles are lost
 * between thirds).
 */
export function cycleRates(samples: readonly Sample[], window: JudgedWindow): CycleRates {
  const inWindow = window.allSamples;
  const before = samples.filter((s) => s.t < window.fromMs);
  const warmup = rate(inWindow[0] ? [...before, inWindow[0]] : before);
  const first = inWindow[0];
  const last = inWindow[inWindow.length - 1];
  if (!first || !last) return { warmup, window: [null, null, null] };
  const span = last.t - first.t;
  const thirds = [0, 1, 2].map((k) => {
    const from = first.t + (span * k) / 3;
    const to = first.t + (span * (k + 1)) / 3;
    const startAt = [...inWindow].reverse().find((s) => s.t <= from) ?? first;
    return rate([startAt, ...inWindow.filter((s) => s.t > from && s.t <= to)]);
  });
  return { warmup, window: [thirds[0] ?? null, thirds[1] ?? null, thirds[2] ?? null] };
}
