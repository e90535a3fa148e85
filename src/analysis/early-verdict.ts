/**
 * `--until-verdict`: reads the provisional verdicts of a run (provisional-judge.ts) and reports
 * the moment a leak is settled, so a CI job on a leaky build fails in seconds rather than after a
 * long soak. Only a failing verdict settles early: a pass needs the whole run.
 */
import type { SoakRun } from '../run/run.js';

/** Consecutive failing checks on new data before the verdict counts as settled (one noisy check is not enough). */
export const EARLY_VERDICT_CONFIRMATIONS = 2;

/** Calls `onSettled` once, when EARLY_VERDICT_CONFIRMATIONS provisional verdicts in a row fail. */
export function watchForVerdict(run: SoakRun, onSettled: (atMs: number, reason: string) => void): void {
  let streak = 0;
  let settled = false;
  run.on('provisional', (p) => {
    // The final judgement comes when the run is done: there is nothing left to stop.
    if (settled || p.final) return;
    const failing = p.processes.find((v) => v.verdict === 'fail');
    streak = failing ? streak + 1 : 0;
    if (failing && streak >= EARLY_VERDICT_CONFIRMATIONS) {
      settled = true;
      onSettled(p.atMs, failing.reason);
    }
  });
}
