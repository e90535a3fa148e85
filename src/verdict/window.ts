/** The part of a run the verdict judges: everything after warm-up. */
import type { Sample } from '../model/sample.js';
import { dataShortfall } from './data-shortfall.js';
import type { JudgedWindow, VerdictInput } from './types.js';

/**
 * The judged window of one role: samples taken at or after the end of warm-up
 * (`warmup.ms`, or `warmup.fraction × totalMs`), up to the end of the run; in a provisional
 * verdict, warm-up counts from the loop's start and no sample taken before the first cycle ended is judged.
 *
 * `samples` keeps only post-GC samples (memory is judged only after a full GC);
 * `allSamples` keeps every sample, for handle and listener counts, which do not depend on GC.
 * Cycles are counted between the first and last sample of the window. Samples taken a little
 * after `totalMs` (the final one may race the stop) are kept. `shortfall` says whether the window
 * is long enough to judge a memory trend, once for every rule.
 */
export function judgedWindow(input: VerdictInput): JudgedWindow {
  const fromMs = warmupEndsMs(input);
  // Early in a run (provisional), the start-up sample before the first cycle ended (modules still
  // loading: +0.6 MB in the corpus when a loaded machine took 4 s to start) would swamp the slope.
  const allSamples = input.samples.filter((s) => s.t >= fromMs && !(input.provisional === true && s.cycle === 0));
  const samples = allSamples.filter((s) => s.postGc !== null);
  const first: Sample | undefined = allSamples[0];
  const last: Sample | undefined = allSamples[allSamples.length - 1];
  const fromCycle = first?.cycle ?? 0;
  const toCycle = last?.cycle ?? fromCycle;
  const cycles = Math.max(0, toCycle - fromCycle);
  return {
    fromMs,
    toMs: input.totalMs,
    samples,
    allSamples,
    fromCycle,
    toCycle,
    cycles,
    shortfall: dataShortfall(input.scenario, { cycles, samples, allSamples }, isOsEvidence(allSamples)),
  };
}

/**
 * When warm-up ends. A whole run counts it from the run's start. A provisional verdict counts it
 * from the loop's start (the last sample before the first cycle ended): a loaded machine can take
 * 5–9 s to start the processes (corpus at load 12–20: first client sample at 8.5 s), and a
 * warm-up of 25% of the elapsed time counted from 0 then ended before the first cycle, so a 15 s
 * resume window's whole rise was judged and settled as a leak at 27.5 s. A whole run's warm-up
 * stays as it was: its snapshot schedule is placed from the run's start (snapshotsInWindow).
 */
function warmupEndsMs(input: VerdictInput): number {
  const { warmup } = input.scenario;
  const loopStartMs = input.provisional === true ? loopStartOf(input.samples) : 0;
  const spanMs = Math.max(0, input.totalMs - loopStartMs);
  return loopStartMs + (warmup.kind === 'ms' ? warmup.ms : warmup.fraction * spanMs);
}

/** The time of the last sample before the first one with a finished cycle (0 when the first sample already has one, or none has). */
function loopStartOf(samples: readonly Sample[]): number {
  const firstCycle = samples.findIndex((s) => s.cycle > 0);
  return firstCycle > 0 ? (samples[firstCycle - 1] as Sample).t : 0;
}

/**
 * Indices of the role's snapshots taken inside the judged window (snapshots are requested at
 * `t`; earlier ones are warm-up and ignored).
 */
export function snapshotsInWindow(input: VerdictInput, window: JudgedWindow): number[] {
  return input.snapshots.flatMap((s, i) => (s.t >= window.fromMs ? [i] : []));
}

/** Every sample is what the OS showed of a non-Node program (os-sampler.ts): no heap, fds judged like handles. */
export function isOsEvidence(samples: readonly Sample[]): boolean {
  return samples.length > 0 && samples.every((s) => s.evidence === 'os');
}
