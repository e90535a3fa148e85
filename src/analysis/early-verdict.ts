/**
 * `--until-verdict`: judges the run while it goes, and reports the moment a leak is
 * settled, so a CI job on a leaky build fails in seconds rather than after a long soak.
 * Only a failing verdict settles early: a pass needs the whole run.
 */
import type { Role } from '../scenario/types.js';
import type { SoakRun } from '../run/run.js';
import { judge } from '../verdict/judge.js';
import { JudgeGate } from './judge-gate.js';

/** How often the provisional verdict is computed. */
export const EARLY_VERDICT_CHECK_MS = 1_000;
/** Consecutive failing checks on new data before the verdict counts as settled (one noisy check is not enough). */
export const EARLY_VERDICT_CONFIRMATIONS = 2;

export function watchForVerdict(run: SoakRun, roles: Role[], onSettled: (atMs: number, reason: string) => void): void {
  let streak = 0;
  let timer: NodeJS.Timeout | null = null;
  const gate = new JudgeGate();
  run.on('start', () => {
    timer = setInterval(() => {
      const { samples, snapshots, scenario, elapsedMs } = run.progress();
      // Nothing new to judge: the last answer (and the streak) stands.
      if (!gate.shouldJudge(samples, snapshots.length)) return;
      const failing = roles
        .map((role) =>
          judge({
            role,
            scenario,
            samples: samples.filter((s) => s.role === role),
            snapshots: snapshots.filter((s) => s.role === role),
            objectGroups: [],
            totalMs: elapsedMs,
            // Mid-run, V8 is still warming up: the judge allows for it and skips the start-up sample.
            provisional: true,
          }),
        )
        .find((v) => v.verdict === 'fail');
      streak = failing ? streak + 1 : 0;
      if (failing && streak >= EARLY_VERDICT_CONFIRMATIONS) {
        if (timer) clearInterval(timer);
        timer = null;
        onSettled(elapsedMs, failing.reason);
      }
    }, EARLY_VERDICT_CHECK_MS);
    timer.unref();
  });
  run.on('done', () => {
    if (timer) clearInterval(timer);
  });
}
