/**
 * The one provisional judge: while a run goes, judges what it measured so far and sends the
 * result as the run's `provisional` event. `--until-verdict` (early-verdict.ts) and the live view
 * both read that event, so the screen's "FAIL so far" is the verdict that stops the run.
 */
import type { ProvisionalProcess, ProvisionalVerdict } from '../model/provisional.js';
import type { SoakRun } from '../run/run.js';
import { judge } from '../verdict/judge.js';
import type { RoleVerdict } from '../verdict/types.js';
import { rolesUnderTest, withCycleBasis } from './analyze.js';
import { processInputs } from './process-inputs.js';
import { JudgeGate } from './judge-gate.js';

/** How often the provisional verdict is computed (when something new arrived; see JudgeGate). */
export const PROVISIONAL_CHECK_MS = 1_000;

function toProcess(v: RoleVerdict): ProvisionalProcess {
  const trend = (series: 'heapUsed' | 'external') => {
    const g = v.growth.find((x) => x.series === series);
    return g ? { perCycle: g.perCycle, pValue: g.pValue } : null;
  };
  // heapUsed as the verdict judges it (net of V8's compiled code), the raw slope beside it.
  const judged = v.judgedHeapUsed;
  const heapUsed = judged
    ? { perCycle: judged.growth.perCycle, pValue: judged.growth.pValue, ...(judged.codePerCycle > 0 ? { rawPerCycle: judged.rawPerCycle } : {}) }
    : trend('heapUsed');
  return {
    role: v.role,
    ...(v.label === undefined ? {} : { label: v.label }),
    ...(v.pid === undefined ? {} : { pid: v.pid }),
    verdict: v.verdict,
    reason: v.reason,
    cyclesJudged: v.judgedWindow.toCycle - v.judgedWindow.fromCycle,
    heapUsed,
    external: trend('external'),
    failing: v.evidence
      .filter((e) => e.failing)
      .map((e) => ({ kind: e.kind, name: e.name, perCycle: e.perCycle, unit: e.kind === 'trend' ? ('bytes' as const) : ('count' as const) })),
  };
}

/**
 * Judges `run` every `intervalMs` from its `start` event, and once more at `done` (`final`),
 * emitting `provisional` each time it judged. Checks with nothing new since the last are skipped.
 */
export function attachProvisionalJudge(run: SoakRun, options: { intervalMs?: number } = {}): void {
  const roles = rolesUnderTest(run);
  const gate = new JudgeGate();
  let timer: NodeJS.Timeout | null = null;

  const judgeSoFar = (final: boolean): void => {
    const { samples, snapshots, scenario, elapsedMs } = run.progress();
    // Nothing new to judge: the last answer (and the --until-verdict streak) stands.
    if (!final && !gate.shouldJudge(samples, snapshots.length)) return;
    let verdicts: RoleVerdict[];
    const startedMs = performance.now();
    try {
      // Each process on its own (a cluster's workers, per cycle of its own): one worker's leak is
      // never averaged away by a clean one, and --until-verdict stops on the first that settles.
      verdicts = roles.flatMap((role) => {
        const inputs = processInputs(role, samples, snapshots);
        return inputs.map((input) =>
          withCycleBasis(
            judge({
              role,
              scenario,
              samples: input.samples,
              snapshots: input.snapshots,
              objectGroups: [],
              // Elapsed, not planned, time: a run that stops now (--until-verdict, Ctrl-C) is judged over its actual length.
              totalMs: elapsedMs,
              // Mid-run, V8 is still warming up: the judge allows for it and skips the start-up sample.
              provisional: true,
              // The last check, after the run: nothing left to stop, so no minimum window to fail.
              ended: final,
              ...(input.process ? { process: input.process } : {}),
            }),
            input,
            inputs.length,
          ),
        );
      });
    } catch {
      // A provisional verdict is a nicety; the final one is computed after the run regardless.
      return;
    } finally {
      gate.judged(performance.now() - startedMs);
    }
    const event: ProvisionalVerdict = {
      atMs: elapsedMs,
      warmupEndsMs: verdicts[0]?.judgedWindow.fromMs ?? 0,
      final,
      processes: verdicts.map(toProcess),
    };
    run.emit('provisional', event);
  };

  run.on('start', () => {
    timer = setInterval(() => judgeSoFar(false), options.intervalMs ?? PROVISIONAL_CHECK_MS);
    timer.unref();
  });
  run.on('done', () => {
    if (!timer) return;
    clearInterval(timer);
    timer = null;
    judgeSoFar(true);
  });
}
