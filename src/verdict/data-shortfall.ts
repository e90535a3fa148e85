/** Whether a judged window holds enough data to judge a memory trend, and if not, what to change. */
import { formatCount } from '../format/units.js';
import type { Scenario } from '../scenario/types.js';
import { MIN_POST_GC_SAMPLES } from './thresholds.js';
import type { JudgedWindow } from './types.js';

/**
 * Why the window is too short to judge a memory trend, or null when it is long enough:
 * fewer than `verdict.minCycles` cycles, or fewer than 5 post-GC samples. The advice names
 * the scenario keys that lengthen the window.
 */
export function dataShortfall(scenario: Scenario, window: Pick<JudgedWindow, 'cycles' | 'samples' | 'allSamples'>, osEvidence = false): string | null {
  const problems: string[] = [];
  if (window.cycles < scenario.verdict.minCycles) {
    problems.push(
      `${formatCount(window.cycles)} cycles in the judged window; need at least ${formatCount(scenario.verdict.minCycles)}` +
        ` — ${moreCyclesAdvice(scenario)}`,
    );
  }
  if (osEvidence) {
    // A program seen from /proc has no heap to collect: its fd counts need samples, not post-GC ones.
    if (window.allSamples.length < MIN_POST_GC_SAMPLES) {
      problems.push(`${window.allSamples.length} samples in the judged window; need at least ${MIN_POST_GC_SAMPLES} — raise duration or lower sample.interval`);
    }
  } else if (!scenario.sample.gc) {
    problems.push('no post-GC samples because sample.gc is off — turn it on to judge memory');
  } else if (window.samples.length < MIN_POST_GC_SAMPLES) {
    problems.push(
      `${window.samples.length} post-GC samples in the judged window; need at least ${MIN_POST_GC_SAMPLES}` +
        ' — raise duration or lower sample.interval',
    );
  }
  return problems.length === 0 ? null : problems.join('; ');
}

/** The scenario keys that give the judged window more cycles. */
export function moreCyclesAdvice(scenario: Pick<Scenario, 'durationMs'>): string {
  // A run bounded by time gains cycles from a longer run or shorter connections; one bounded by count, from more cycles.
  return scenario.durationMs === null ? 'raise cycles or shorten warmup' : 'raise duration or lower disconnect.after';
}
