/**
 * Issue 17, the sites phase's own work inside a process with a big heap, without a soak around it
 * (bench/sites.mjs needs a loop that fails; on a loaded machine a 100 MB client's loop may not):
 * the recorder's start (hooks, the globals' scan), 100 scope looks for plain-object maps (the
 * most a phase makes), 1,000 recorded additions, and stop, on a heap of --mb MiB of live records.
 *   node bench/sites-in-process.mjs [--mb 100]
 */
import { parseArgs } from 'node:util';
import { GrowthSitesRecorder } from '../dist/probe/growth-sites.js';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '100' } } });
const RECORDS_PER_MB = 4_000; // as bench/targets/sites-ballast-client.mjs: ~250 B of heap a record
const ballast = [];
for (let i = 0; i < Number(values.mb) * RECORDS_PER_MB; i++) ballast.push({ i, text: `ballast record ${i}`.padEnd(48, '.') });
const registry = {};
for (let i = 0; i < 500; i++) registry[`session-${i}`] = { i };
const history = [{ n: 0 }];
const heapMb = process.memoryUsage().heapUsed / 2 ** 20;

const ms = (from) => performance.now() - from;
const recorder = new GrowthSitesRecorder();
let t = performance.now();
recorder.start();
const startMs = ms(t);
t = performance.now();
// 100 distinct callbacks, each closing over the registry: one scope look each.
for (let k = 0; k < 100; k++) clearTimeout(setTimeout(() => registry[k], 60_000));
const looksMs = ms(t);
t = performance.now();
for (let n = 0; n < 500; n++) {
  history.push({ n });
  registry[`new-${n}`] = { n };
}
const addsMs = ms(t);
t = performance.now();
const report = recorder.stop();
const stopMs = ms(t);
const found = report.targets.filter((x) => x.kind === 'Array' || x.kind === 'Object').map((x) => `${x.kind}+${x.growth}`);
console.table([{ heapMb: heapMb.toFixed(0), startMs: startMs.toFixed(0), '100 looksMs': looksMs.toFixed(0), '1000 addsMs': addsMs.toFixed(0), stopMs: stopMs.toFixed(0), found: found.join(' '), held: ballast.length }]);
