/** Plain progress lines while a run goes: elapsed, cycles, cycles/s, heapUsed. */
import { PROGRESS_INTERVAL_MS } from '../constants.js';
import type { SoakRun } from '../run/run.js';
import type { Sample } from '../run/sample.js';
import { formatBytes } from '../scenario/units.js';

export function attachProgressLines(run: SoakRun, write: (line: string) => void): void {
  let started = 0;
  let lastCycles = 0;
  let lastAt = 0;
  let cycles = 0;
  let latest: Sample | null = null;
  let timer: NodeJS.Timeout | null = null;
  run.on('start', ({ dir, url }) => {
    started = Date.now();
    lastAt = started;
    write(`ws-soak: ${run.scenario.name} — server ${url}, under test: ${run.scenario.underTest}; run folder ${dir}\n`);
    timer = setInterval(() => {
      const now = Date.now();
      const rate = ((cycles - lastCycles) * 1000) / Math.max(1, now - lastAt);
      lastCycles = cycles;
      lastAt = now;
      const heap = latest?.postGc?.heapUsed ?? latest?.mem.heapUsed;
      write(
        `  ${((now - started) / 1000).toFixed(0).padStart(4)} s  ${cycles.toLocaleString('en-US')} cycles  ${rate.toFixed(0)}/s` +
          (heap !== undefined ? `  heapUsed ${formatBytes(heap)}` : '') +
          '\n',
      );
    }, PROGRESS_INTERVAL_MS);
    timer.unref();
  });
  run.on('cycles', (counts) => (cycles = counts.cycles));
  run.on('sample', (sample) => (latest = sample));
  run.on('snapshot', (s) => write(`  snapshot ${s.file} (${formatBytes(s.bytes)}, ${Math.round(s.ms)} ms)\n`));
  run.on('warning', (message) => write(`  warning: ${message}\n`));
  run.on('done', () => {
    if (timer) clearInterval(timer);
  });
}
