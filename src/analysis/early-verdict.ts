/**
 * `--until-verdict`: reads the provisional verdicts of a run (provisional-judge.ts) and reports
 * the moment a leak is settled, so a CI job on a leaky build fails in seconds rather than after a
 * long soak. Only a failing verdict settles early: a pass needs the whole run. Each process is
 * judged on its own (a cluster's workers): the first that settles as a leak stops the run.
 */
import type { ProvisionalProcess } from '../model/provisional.js';
import type { SoakRun } from '../run/run.js';

/** Consecutive failing checks on new data before the verdict counts as settled (one noisy check is not enough). */
export const EARLY_VERDICT_CONFIRMATIONS = 2;

/** Calls `onSettled` once, when EARLY_VERDICT_CONFIRMATIONS provisional verdicts in a row fail. */
const name = (p: ProvisionalProcess): string => p.label ?? p.role;

export function watchForVerdict(run: SoakRun, onSettled: (atMs: number, reason: string) => void): void {
  const streaks = new Map<string, number>();
  let settled = false;
  run.on('provisional', (p) => {
    // The final judgement comes when the run is done: there is nothing left to stop.
    if (settled || p.final) return;
    // The streak is per process: two workers failing by turns have not settled.
    const failing = p.processes.filter((v) => v.verdict === 'fail').map(name);
    for (const key of [...streaks.keys()]) if (!failing.includes(key)) streaks.delete(key);
    for (const key of failing) streaks.set(key, (streaks.get(key) ?? 0) + 1);
    const settledOn = p.processes.find((v) => (streaks.get(name(v)) ?? 0) >= EARLY_VERDICT_CONFIRMATIONS);
    if (settledOn) {
      settled = true;
      onSettled(p.atMs, settledOn.label === undefined ? settledOn.reason : `${settledOn.label}: ${settledOn.reason}`);
    }
  });
}
