/**
 * How far a run has got, for the progress views: share done, elapsed against the total, and
 * the time left, from whichever of `duration` and `cycles` will end the run first.
 */
import { formatClock, formatCount } from '../format/units.js';
import type { Scenario } from '../scenario/types.js';

/** Window over which cycles per second are averaged for the ETA: short enough to follow changes. */
export const RATE_WINDOW_MS = 5_000;

/** How far a run has got, as the progress views show it. */
export interface ProgressFigures {
  /** 0…1, or null when neither a duration nor a cycle count bounds the run. */
  fraction: number | null;
  /** "0:05 / 0:10" or "498 / 5,000 cycles", whichever bound is closer to ending the run. */
  ofTotal: string;
  /** Milliseconds left, when it can be estimated. */
  etaMs: number | null;
}

/** Progress of a run bounded by `scenario.durationMs` and/or `scenario.cycles`. */
export function progressFigures(scenario: Pick<Scenario, 'durationMs' | 'cycles'>, elapsedMs: number, cycles: number, cyclesPerSecond: number): ProgressFigures {
  const byTime = scenario.durationMs ? Math.min(1, elapsedMs / scenario.durationMs) : null;
  const byCycles = scenario.cycles ? Math.min(1, cycles / scenario.cycles) : null;
  const timeLeft = scenario.durationMs ? Math.max(0, scenario.durationMs - elapsedMs) : null;
  const cyclesLeft = scenario.cycles && cyclesPerSecond > 0 ? (Math.max(0, scenario.cycles - cycles) / cyclesPerSecond) * 1000 : null;
  const etas = [timeLeft, cyclesLeft].filter((x): x is number => x !== null);
  const etaMs = etas.length ? Math.min(...etas) : null;
  const fraction = byTime === null && byCycles === null ? null : Math.max(byTime ?? 0, byCycles ?? 0);
  const cyclesFirst = byCycles !== null && (byTime === null || byCycles >= byTime);
  const ofTotal = cyclesFirst
    ? `${formatCount(cycles)} / ${formatCount(scenario.cycles ?? 0)} cycles`
    : `${formatClock(elapsedMs)} / ${formatClock(scenario.durationMs ?? 0)}`;
  return { fraction, ofTotal, etaMs };
}

/** Cycles per second over the last RATE_WINDOW_MS, from (time, cycles) points kept by the caller. */
export class CycleRate {
  private readonly points: Array<{ at: number; cycles: number }> = [];

  add(at: number, cycles: number): void {
    this.points.push({ at, cycles });
    while (this.points.length > 2 && at - (this.points[1]?.at ?? at) >= RATE_WINDOW_MS) this.points.shift();
  }

  perSecond(): number {
    const first = this.points[0];
    const last = this.points[this.points.length - 1];
    if (!first || !last || last.at <= first.at) return 0;
    return ((last.cycles - first.cycles) * 1000) / (last.at - first.at);
  }
}
