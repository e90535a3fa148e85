/**
 * Plain progress lines while a run goes, for logs and CI (stderr not a TTY): elapsed against the
 * total, cycles, cycles/s, time left and heapUsed, every PROGRESS_INTERVAL_MS.
 */
import { PROGRESS_INTERVAL_MS } from '../constants.js';
import type { SoakRun } from '../run/run.js';
import type { Sample } from '../model/sample.js';
import { formatBytes, formatClock, formatCount, formatMs } from '../format/units.js';
import { endpointText } from './connection-lines.js';
import { CycleRate, progressFigures } from './progress-math.js';

/**
 * Writes plain progress lines for `run` with `write`: a first line when it starts, then one every
 * `intervalMs`, plus a line per snapshot and warning. For stderr that is not a terminal.
 */
export function attachProgressLines(run: SoakRun, write: (line: string) => void, intervalMs = PROGRESS_INTERVAL_MS): void {
  // The run's clock (and the samples' `t`) starts when the run is created, just before views attach.
  const started = Date.now();
  let cycles = 0;
  let latest: Sample | null = null;
  let timer: NodeJS.Timeout | null = null;
  const rate = new CycleRate();
  run.on('start', ({ dir, url, serverUrl }) => {
    rate.add(Date.now(), 0);
    write(`ws-soak: ${run.scenario.name} — ${endpointText(url, serverUrl)}, under test: ${run.scenario.underTest}; run folder ${dir}\n`);
    timer = setInterval(() => {
      const now = Date.now();
      rate.add(now, cycles);
      const perSecond = rate.perSecond();
      const p = progressFigures(run.scenario, now - started, cycles, perSecond);
      const heap = latest?.postGc?.heapUsed ?? latest?.mem.heapUsed;
      write(
        `  ${p.ofTotal}${p.fraction === null ? '' : ` (${Math.floor(p.fraction * 100)}%)`}` +
          `  ${formatCount(cycles)} cycles  ${perSecond.toFixed(0)}/s` +
          (p.etaMs !== null ? `  ETA ${formatClock(p.etaMs)}` : '') +
          (heap !== undefined ? `  heapUsed ${formatBytes(heap)}` : '') +
          '\n',
      );
    }, intervalMs);
    timer.unref();
  });
  run.on('cycles', (counts) => (cycles = counts.cycles));
  run.on('sample', (sample) => (latest = sample));
  run.on('snapshot', (s) => write(`  snapshot ${s.file} (${formatBytes(s.bytes)}, ${formatMs(s.ms)})\n`));
  run.on('warning', (message) => write(`  warning: ${message}\n`));
  run.on('done', () => {
    if (timer) clearInterval(timer);
  });
}
