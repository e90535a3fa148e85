/**
 * Issue 8 item 5, time to verdict: `ws-soak run --until-verdict` on the leak corpus's client that
 * keeps a socket per cycle (socket-set) and the one that keeps ~100 B per cycle (small-record);
 * the seconds of soak until the leak verdict settles, against the earliest it could (warm-up,
 * then the fewest post-GC samples the verdict judges, then the confirming check). The corpus's
 * baseline clean client (clean-heartbeat) runs with the same settings: a leak verdict that the
 * control gets too proves nothing.
 */
import { fileURLToPath } from 'node:url';
import { soakRun } from './lib/soak-run.mjs';

const SAMPLE_MS = 1_000;
/** The verdict judges at least this many post-GC samples after warm-up (verdict rules). */
const MIN_JUDGED_SAMPLES = 5;
/** --until-verdict checks every second and wants two failing checks in a row. */
const CONFIRM_MS = 1_000;

/** Default settings: README defaults (maxGrowthPerCycle 128 B) with a short time warm-up. */
const SHORT = { warmupMs: 5_000, maxGrowthPerCycle: '128B', capMs: 60_000, controlCapMs: 45_000 };
/** --long: a warm-up past V8's own early growth, and a threshold below the small leak. */
const LONG = { warmupMs: 60_000, maxGrowthPerCycle: '64B', capMs: 300_000, controlCapMs: 300_000 };

/** The leak corpus's large and small leaks and its baseline clean client (test/fixtures/leaks, corpus.json). */
const CLIENTS = [
  ['socket per cycle', 'socket-set.mjs'],
  ['~100 B per cycle', 'small-record.mjs'],
  ['control: no leak', 'clean-heartbeat.mjs'],
];
const CONTROL = 'clean-heartbeat.mjs';
const CORPUS = new URL('../test/fixtures/leaks/', import.meta.url);

function scenario(module, settings, capMs) {
  return {
    name: `bench-verdict-${module.replace(/\.mjs$/, '')}`,
    duration: `${capMs}ms`,
    warmup: `${settings.warmupMs}ms`,
    sample: { interval: `${SAMPLE_MS}ms` },
    snapshots: false,
    client: { module: fileURLToPath(new URL(module, CORPUS)) },
    disconnect: { after: '10ms' },
    verdict: { maxGrowthPerCycle: settings.maxGrowthPerCycle },
  };
}

export async function bench({ long, log }) {
  const settings = long ? LONG : SHORT;
  const floorMs = settings.warmupMs + MIN_JUDGED_SAMPLES * SAMPLE_MS + CONFIRM_MS;
  const rows = [];
  const extra = { settings };
  for (const [name, module] of CLIENTS) {
    const control = module === CONTROL;
    const capMs = control ? settings.controlCapMs : settings.capMs;
    const run = await soakRun(scenario(module, settings, capMs), { args: ['--until-verdict'], timeoutMs: capMs + 120_000 });
    if (!run.summary) throw new Error(`verdict run ${name} failed (exit ${run.code}): ${run.stderr.slice(-500)}`);
    const s = run.summary;
    const client = (s.processes ?? []).find((p) => p.role === 'client');
    const perCycle = client?.growth?.find((g) => g.series === 'heapUsed')?.perCycle ?? NaN;
    // --until-verdict stops on a provisional fail; the final verdict (all samples) is what counts.
    const settled = s.verdict === 'fail' && s.verdictAtMs !== null;
    const stoppedButPassed = s.verdictAtMs !== null && s.verdict !== 'fail';
    log(`verdict ${name}: ${s.verdict}, ${s.verdictAtMs === null ? 'no early stop' : 'stopped at ' + (s.verdictAtMs / 1000).toFixed(1) + ' s'}, ${s.cycles} cycles — ${s.reason}`);
    const when = s.verdictAtMs === null ? `ran ${(s.durationMs / 1000).toFixed(0)} s` : `stopped at ${(s.verdictAtMs / 1000).toFixed(1)} s`;
    rows.push({
      metric: control ? `time to verdict, ${name} (must pass)` : `time to verdict, ${name}`,
      value: `${s.verdict}, ${when} (${s.cycles} cycles)`,
      baseline: `${(floorMs / 1000).toFixed(0)} s earliest possible`,
      ratio: settled ? s.verdictAtMs / floorMs : NaN,
      ratioLabel: '÷ earliest',
      goal: control ? 'pass' : '',
      met: control ? s.verdict === 'pass' && !stoppedButPassed : null,
      note:
        `growth ${Number.isFinite(perCycle) ? perCycle.toFixed(0) : '?'} B/cycle, limit ${settings.maxGrowthPerCycle}, warm-up ${settings.warmupMs / 1000} s` +
        (stoppedButPassed ? '; --until-verdict stopped the run on a provisional fail that the final verdict did not confirm' : ''),
    });
    extra[name] = { verdict: s.verdict, verdictAtMs: s.verdictAtMs, durationMs: s.durationMs, cycles: s.cycles, perCycle, reason: s.reason };
  }
  return { rows, extra };
}
