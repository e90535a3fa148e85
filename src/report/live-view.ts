/**
 * The live terminal view (when stderr is a TTY): the frame from live-frame.ts, redrawn in place
 * a few times a second, with the run's latest provisional verdict. It only listens: the verdict
 * comes from the run's `provisional` event (analysis/provisional-judge.ts), the same one
 * `--until-verdict` stops the run on.
 */
import { formatBytes, formatMs } from '../format/units.js';
import type { ProvisionalVerdict } from '../model/provisional.js';
import { endpointText } from './connection-lines.js';
import { stripControl } from './terminal-text.js';
import type { SoakRun } from '../run/run.js';
import type { Role } from '../scenario/types.js';
import { renderLiveFrame, type LiveState } from './live-frame.js';
import { CycleRate, progressFigures } from './progress-math.js';

/** How often the frame is redrawn. */
export const LIVE_REDRAW_INTERVAL_MS = 500;
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
 * last frame is left on screen, or, with `clearOnDone`, erased: the final report takes its place
 * instead of following a second copy of the chart. `redrawMs` exists for tests.
 */
export function attachLiveView(run: SoakRun, stream: LiveViewStream, options: { redrawMs?: number; clearOnDone?: boolean } = {}): void {
  const scenario = run.scenario;
  const roles: Role[] = scenario.underTest === 'both' ? ['client', 'server'] : [scenario.underTest];
  const heap = new Map<Role, number[]>(roles.map((r) => [r, []]));
  const rate = new CycleRate();
  const warnings: string[] = [];
  let title = `ws-soak ${stripControl(scenario.name)} — under test: ${scenario.underTest}`;
  // The run's clock (and the samples' `t`) starts when the run is created, just before views attach.
  const started = Date.now();
  let cycles = 0;
  let lastSnapshot: string | null = null;
  let provisional: ProvisionalVerdict | null = null;
  let drawnLines = 0;
  let redraw: NodeJS.Timeout | null = null;
  let done = false;

  const draw = (): void => {
    const now = Date.now();
    const elapsed = now - started;
    rate.add(now, cycles);
    const state: LiveState = {
      title,
      elapsedMs: elapsed,
      cycles,
      cyclesPerSecond: rate.perSecond(),
      progress: progressFigures(scenario, elapsed, cycles, rate.perSecond()),
      heap: roles.map((role) => ({ role, mib: heap.get(role) ?? [] })),
      provisional,
      lastSnapshot,
      warnings,
    };
    // A pseudo-terminal without a size reports 0 columns.
    const lines = renderLiveFrame(state, stream.columns || 80);
    stream.write(`${drawnLines ? up(drawnLines) : ''}${ERASE_DOWN}${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };

  run.on('start', ({ dir, url, serverUrl }) => {
    title = `ws-soak ${stripControl(scenario.name)} — ${endpointText(url, serverUrl)}, under test: ${scenario.underTest} — run folder ${dir}`;
    draw();
    redraw = setInterval(() => draw(), options.redrawMs ?? LIVE_REDRAW_INTERVAL_MS);
    redraw.unref();
  });
  run.on('cycles', (counts) => (cycles = counts.cycles));
  run.on('sample', (sample) => {
    if (sample.postGc) heap.get(sample.role)?.push(sample.postGc.heapUsed / MiB);
  });
  run.on('snapshot', (s) => (lastSnapshot = `${s.file} (${formatBytes(s.bytes)}, ${formatMs(s.ms)})`));
  run.on('warning', (message) => {
    warnings.push(message);
    if (warnings.length > LIVE_MAX_WARNINGS) warnings.shift();
  });
  run.on('provisional', (verdict) => {
    provisional = verdict;
    // The judgement made at `done` may come after the last frame: draw that frame again with it.
    if (done && !options.clearOnDone) draw();
  });
  run.on('done', () => {
    if (!redraw) return;
    clearInterval(redraw);
    redraw = null;
    done = true;
    if (!options.clearOnDone) draw();
    else if (drawnLines) stream.write(`${up(drawnLines)}${ERASE_DOWN}`);
    drawnLines = 0;
  });
}
