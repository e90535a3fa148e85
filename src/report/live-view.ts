/**
 * The live terminal view (when stderr is a TTY): the frame from live-frame.ts, redrawn in place
 * a few times a second, with the verdict re-judged on the samples so far every few seconds.
 */
import { stripControl } from './terminal-text.js';
import type { SoakRun } from '../run/run.js';
import type { Sample } from '../model/sample.js';
import type { Role } from '../scenario/types.js';
import { JudgeGate } from '../analysis/judge-gate.js';
import { judge } from '../verdict/judge.js';
import type { RoleVerdict } from '../verdict/types.js';
import { renderLiveFrame, type LiveState } from './live-frame.js';
import { CycleRate, progressFigures } from './progress-math.js';

/** How often the frame is redrawn. */
export const LIVE_REDRAW_INTERVAL_MS = 500;
/** How often the provisional verdict is recomputed (it fits trends over every sample so far). */
export const LIVE_JUDGE_INTERVAL_MS = 2_000;
/** Warnings kept on screen. */
const LIVE_MAX_WARNINGS = 3;

/** Where the frames go: a TTY stream (its `columns` sets the width). */
export interface LiveViewStream {
  write(text: string): unknown;
  columns?: number;
}

const MiB = 1024 * 1024;
/** ANSI: move to the start of the line `n` lines up; erase from the cursor to the end of the screen. */
const up = (n: number) => (n > 0 ? `\x1b[${n}F` : '\r');
const ERASE_DOWN = '\x1b[J';

/**
 * Draws the live view of `run` on `stream` from its `start` event to its `done` event, when a
 * last frame is left on screen. Options exist for tests: `redrawMs`, `judgeMs`.
 */
export function attachLiveView(run: SoakRun, stream: LiveViewStream, options: { redrawMs?: number; judgeMs?: number } = {}): void {
  const scenario = run.scenario;
  const roles: Role[] = scenario.underTest === 'both' ? ['client', 'server'] : [scenario.underTest];
  const samples = new Map<Role, Sample[]>(roles.map((r) => [r, []]));
  const heap = new Map<Role, number[]>(roles.map((r) => [r, []]));
  const rate = new CycleRate();
  const warnings: string[] = [];
  let title = `ws-soak ${stripControl(scenario.name)} — under test: ${scenario.underTest}`;
  // The run's clock (and the samples' `t`) starts when the run is created, just before views attach.
  const started = Date.now();
  let cycles = 0;
  let lastSnapshot: string | null = null;
  let provisional: RoleVerdict[] = [];
  let judgedAt = 0;
  const gate = new JudgeGate();
  let drawnLines = 0;
  let redraw: NodeJS.Timeout | null = null;

  // The final verdict judges the whole run, whose warm-up is a share of its length: estimate that
  // length from the time left (whichever of duration and cycles ends the run first).
  const warmupEndsMs = (plannedMs: number) => (scenario.warmup.kind === 'ms' ? scenario.warmup.ms : scenario.warmup.fraction * plannedMs);

  const judgeSoFar = (elapsed: number, plannedMs: number, final: boolean): void => {
    if (elapsed < warmupEndsMs(plannedMs)) return;
    const all = roles.flatMap((role) => samples.get(role) ?? []);
    if (!gate.shouldJudge(all, 0) && !final) return;
    provisional = roles.map((role) =>
      judge({ role, scenario, samples: samples.get(role) ?? [], snapshots: [], objectGroups: [], totalMs: plannedMs, provisional: true }),
    );
  };

  const draw = (final = false): void => {
    const now = Date.now();
    const elapsed = now - started;
    rate.add(now, cycles);
    const progress = progressFigures(scenario, elapsed, cycles, rate.perSecond());
    const plannedMs = final ? elapsed : elapsed + (progress.etaMs ?? 0);
    if (final || now - judgedAt >= (options.judgeMs ?? LIVE_JUDGE_INTERVAL_MS)) {
      judgedAt = now;
      try {
        judgeSoFar(elapsed, plannedMs, final);
      } catch {
        // A provisional verdict is a nicety; the final one is computed after the run regardless.
      }
    }
    const state: LiveState = {
      title,
      elapsedMs: elapsed,
      cycles,
      cyclesPerSecond: rate.perSecond(),
      progress,
      heap: roles.map((role) => ({ role, mib: heap.get(role) ?? [] })),
      warmupEndsMs: warmupEndsMs(plannedMs),
      provisional,
      lastSnapshot,
      warnings,
    };
    // A pseudo-terminal without a size reports 0 columns.
    const lines = renderLiveFrame(state, stream.columns || 80);
    stream.write(`${drawnLines ? up(drawnLines) : ''}${ERASE_DOWN}${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };

  run.on('start', ({ dir, url }) => {
    title = `ws-soak ${stripControl(scenario.name)} — server ${url}, under test: ${scenario.underTest} — run folder ${dir}`;
    draw();
    redraw = setInterval(() => draw(), options.redrawMs ?? LIVE_REDRAW_INTERVAL_MS);
    redraw.unref();
  });
  run.on('cycles', (counts) => (cycles = counts.cycles));
  run.on('sample', (sample) => {
    samples.get(sample.role)?.push(sample);
    if (sample.postGc) heap.get(sample.role)?.push(sample.postGc.heapUsed / MiB);
  });
  run.on('snapshot', (s) => (lastSnapshot = `${s.file} (${(s.bytes / MiB).toFixed(1)} MiB, ${Math.round(s.ms)} ms)`));
  run.on('warning', (message) => {
    warnings.push(message);
    if (warnings.length > LIVE_MAX_WARNINGS) warnings.shift();
  });
  run.on('done', () => {
    if (!redraw) return;
    clearInterval(redraw);
    redraw = null;
    draw(true);
  });
}
