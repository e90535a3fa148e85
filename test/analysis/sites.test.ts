/** From recorded collections to evidence sites and headlines: matching, merging, source maps, packages. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachSites } from '../../src/analysis/attach-sites.js';
import { fallbackShortPath, headlineFor, shortRetainerPath } from '../../src/analysis/headline.js';
import { growingTargets, matchTargets, sitesOf } from '../../src/analysis/sites.js';
import { locate } from '../../src/analysis/source-location.js';
import type { GrowthTarget } from '../../src/model/growth-sites.js';
import type { Evidence, RoleVerdict } from '../../src/verdict/types.js';
import { tempDir } from '../helpers/run-cli.js';

const frame = (file: string, line: number, fn = 'connect') => ({ file, line, column: 5, function: fn });

const array: GrowthTarget = {
  kind: 'Array',
  label: 'Array',
  growth: 100,
  entryGroup: 'ReconnectRecord',
  sites: [{ frames: [frame('/app/client.mjs', 29), frame('/app/client.mjs', 40, 'start')], count: 100 }],
};
const timers: GrowthTarget = { kind: 'timers', label: 'Timeout', growth: 100, entryGroup: 'Timeout', sites: [{ frames: [frame('/app/client.mjs', 22)], count: 100 }] };
const listeners: GrowthTarget = {
  kind: 'listeners',
  label: "process 'SIGTERM'",
  growth: 100,
  entryGroup: '(closure)',
  sites: [{ frames: [frame('node:events', 500, 'once'), frame('/app/client.mjs', 20)], count: 100 }],
};

function evidence(kind: Evidence['kind'], name: string, retainerPath: string[] | null = null): Evidence {
  return { kind, rule: 'r', name, perCycle: 1, detail: '', failing: true, notJudged: false, retainerPath };
}

describe('matchTargets', () => {
  const all = [array, timers, listeners];
  it('gives timer handles the timers, process listeners their event, objects the collection that holds them', () => {
    expect(matchTargets(evidence('handles', 'Timeout'), all)).toEqual([timers]);
    expect(matchTargets(evidence('listeners', "process 'SIGTERM' listeners"), all)).toEqual([listeners]);
    expect(matchTargets(evidence('listeners', "process 'exit' listeners"), all)).toEqual([]);
    expect(matchTargets(evidence('objects', 'ReconnectRecord'), all)).toEqual([array]);
    // A group the collection does not hold itself (the entries' strings): by the retainer path's type.
    expect(matchTargets(evidence('objects', '(string)', ['context', 'log: Array', '[3]: ReconnectRecord', 'text: (string)']), all)).toEqual([array]);
    // Held through an emitter's listener list: the listeners, not the Array inside _events.
    expect(matchTargets(evidence('objects', 'Stats', ['bus: EventEmitter', '_events: Object', 'change: Array', '[1]: (closure)']), all)).toEqual([listeners]);
    expect(matchTargets(evidence('trend', 'heapUsed'), all)).toEqual(all);
  });

  it('keeps only collections that grew by max(3, 5% of the phase cycles)', () => {
    const small = { ...array, growth: 4 };
    expect(growingTargets({ targets: [small], calls: 1 }, 40)).toEqual([small]);
    expect(growingTargets({ targets: [small], calls: 1 }, 200)).toEqual([]);
    expect(growingTargets(undefined, 40)).toEqual([]);
  });
});

describe('sitesOf', () => {
  it('skips Node frames, stops at the first frame outside node_modules, merges by place', () => {
    const twice: GrowthTarget = { ...listeners, sites: [...listeners.sites, { frames: [frame('node:events', 501, 'on'), frame('/app/client.mjs', 20)], count: 5 }] };
    const [site] = sitesOf([twice]);
    expect(site).toMatchObject({ line: 20, function: 'connect', count: 105, collection: "listeners process 'SIGTERM'" });
    expect(site?.stack).toBeUndefined();
  });

  it('names a package frame by name@version and keeps the user frame that called it', () => {
    const dir = tempDir('ws-soak-sites-');
    const pkg = join(dir, 'node_modules', '@acme', 'store');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@acme/store', version: '2.0.1' }));
    const inPackage: GrowthTarget = {
      ...array,
      sites: [{ frames: [frame(join(pkg, 'lib', 'keep.js'), 7, 'keep'), frame(join(pkg, 'index.js'), 3, 'add'), frame(join(dir, 'client.mjs'), 18)], count: 9 }],
    };
    const [site] = sitesOf([inPackage]);
    expect(site).toMatchObject({ package: '@acme/store@2.0.1', file: 'lib/keep.js', line: 7, function: 'keep' });
    expect(site?.calledFrom).toMatchObject({ line: 18, function: 'connect' });
    expect(site?.stack?.map((f) => f.file)).toEqual(['lib/keep.js', 'index.js', site?.calledFrom?.file]);
  });
});

describe('locate', () => {
  it('maps a frame back through the source map named in the file', () => {
    const dir = tempDir('ws-soak-map-');
    // Line 2, column 1 of out.js comes from line 10, column 3 of src/app.ts ("AAAA;AASE" = [0,0,0,0] then [0,0,+9,+2]).
    writeFileSync(join(dir, 'out.js'), 'const a = 1;\nhistory.push(a);\n//# sourceMappingURL=out.js.map\n');
    writeFileSync(join(dir, 'out.js.map'), JSON.stringify({ version: 3, sources: ['src/app.ts'], names: [], mappings: 'AAAA;AASE' }));
    expect(locate(frame(join(dir, 'out.js'), 2), dir)).toEqual({ file: join('src', 'app.ts'), line: 10, column: 3, function: 'connect' });
    // A file without a map stays as it is.
    writeFileSync(join(dir, 'plain.js'), 'x\n');
    expect(locate(frame(join(dir, 'plain.js'), 1), dir)).toEqual({ file: 'plain.js', line: 1, column: 5, function: 'connect' });
  });
});

describe('headlines', () => {
  it('start the retainer path at the user variable, not at (GC roots)', () => {
    const full = ['Node / Environment', 'principal_realm: Node / PrincipalRealm', '[4]: Generator', 'context: system / Context', 'log: Array', '[1299]: ReceivedMessage {text}'];
    expect(shortRetainerPath(full)).toEqual(['log: Array', '[1299]: ReceivedMessage {text}']);
  });

  it('say what grows, where it lives, how fast and where it is added', () => {
    const e = evidence('objects', 'ReconnectRecord', ['context: system / Context', 'history: Array', '[3]: ReconnectRecord']);
    const sites = sitesOf([array]);
    const text = headlineFor(e, { sites, collection: { kind: 'Array', label: 'Array', perCycle: 1 }, heapPerCycle: 101 });
    expect(text).toBe('`history` (an Array in /app/client.mjs) gains 1.00 entries per cycle (ReconnectRecord +1.00/cycle; heap +101 B/cycle), added at /app/client.mjs:29:5 in `connect()`');
    const timer = headlineFor(evidence('handles', 'Timeout'), { sites: sitesOf([timers]), collection: { kind: 'timers', label: 'Timeout', perCycle: 1 }, heapPerCycle: null });
    expect(timer).toBe('Timeout handles (timers never cleared) +1.00/cycle, added at /app/client.mjs:22:5 in `connect()`');
  });

  it('without a site, name the short retainer path', () => {
    const e = evidence('objects', 'Session', ['(GC roots)', 'context: system / Context', 'sessions: Map', 'table: Object']);
    expect(headlineFor(e, { sites: [], collection: null, heapPerCycle: null })).toBe('Session objects +1.00/cycle, held by sessions: Map › table: Object');
  });

  it("without a site, name the path from the module the snapshot found (the evidence's retainerShort) first", () => {
    const e = { ...evidence('objects', 'Object', ['(GC roots)', '/app/node_modules/ws/lib/permessage-deflate.js: Module', 'zlibLimiter: Queue', 'jobs: Array', '[3]: Object']), retainerShort: 'ws/lib/permessage-deflate.js › zlibLimiter.jobs' };
    expect(headlineFor(e, { sites: [], collection: null, heapPerCycle: null })).toBe('Object objects +1.00/cycle, held by ws/lib/permessage-deflate.js › zlibLimiter.jobs');
  });

  it('with a site, name the collection by the path from its module: the variable, and the module of a package (the user\'s file as the site names it)', () => {
    const e = { ...evidence('objects', 'ReconnectRecord', ['(GC roots)', 'context: system / Context', 'reconnectHistory: Array', '[3]: ReconnectRecord']), retainerShort: 'client.mjs › reconnectHistory' };
    const facts = { sites: sitesOf([array]), collection: { kind: 'Array' as const, label: 'Array', perCycle: 1 }, heapPerCycle: 525 };
    expect(headlineFor(e, facts)).toBe(
      '`reconnectHistory` (an Array in /app/client.mjs) gains 1.00 entries per cycle (ReconnectRecord +1.00/cycle; heap +525 B/cycle), added at /app/client.mjs:29:5 in `connect()`',
    );
    const inPackage = { ...facts, sites: facts.sites.map((s) => ({ ...s, package: 'ws@6.2.2' })) };
    expect(headlineFor({ ...e, retainerShort: 'ws/lib/permessage-deflate.js › zlibLimiter.jobs' }, inPackage)).toMatch(/^`zlibLimiter\.jobs` \(an Array at module scope of ws\/lib\/permessage-deflate\.js\) gains/);
    expect(headlineFor({ ...e, retainerShort: 'globalThis › history' }, facts)).toMatch(/^`history` \(an Array on globalThis\) gains/);
  });

  it('names the collection by its own step when the short path is of step labels, not `file › names`', () => {
    // An npm-start app's sessions array of records that hold ws sockets: no module on the path.
    const e = {
      ...evidence('objects', 'Object', ['(GC roots)', 'context: system / Context', 'sessions: Array', '[3]: Object', 'ws: WebSocket', '_events: Object {close, message}']),
      retainerShort: 'ws: WebSocket › _events: Object {close, message}',
    };
    const facts = { sites: sitesOf([array]), collection: { kind: 'Array' as const, label: 'Array', perCycle: 1 }, heapPerCycle: 2882 };
    expect(headlineFor(e, facts)).toMatch(/^`sessions` \(an Array in \/app\/client\.mjs\) gains 1\.00 entries per cycle/);
  });

  it('a path of nothing but roots and slots has no short form (it reads best in full)', () => {
    expect(fallbackShortPath(['(GC roots)', '(Stack roots)', '[72]: Array'])).toBeNull();
    expect(fallbackShortPath(['(GC roots)', 'context: system / Context', 'log: Array', '[3]: Rec'])).toBe('log: Array › [3]: Rec');
    const e = evidence('objects', 'Array', ['(GC roots)', '(Stack roots)', '[72]: Array']);
    expect(headlineFor(e, { sites: [], collection: null, heapPerCycle: null })).toBe('Array objects +1.00/cycle');
  });

  it("an EventTarget's listener list reads with its owner's class", () => {
    const abort: GrowthTarget = { kind: 'listeners', label: "AbortSignal 'abort'", growth: 10, entryGroup: '(closure)', sites: [{ frames: [frame('/app/client.mjs', 19)], count: 10 }] };
    const trend = { ...evidence('trend', 'heapUsed'), perCycle: 2969 };
    expect(headlineFor(trend, { sites: sitesOf([abort]), collection: { kind: 'listeners', label: "AbortSignal 'abort'", perCycle: 1 }, heapPerCycle: 2969 })).toBe(
      "post-GC heapUsed grows +2,969 B/cycle; an AbortSignal 'abort' listener list grows, added at /app/client.mjs:19:5 in `connect()`",
    );
  });

  it('a plain object used as a map says so, with its variable', () => {
    const target: GrowthTarget = { kind: 'Object', label: 'Object', growth: 50, entryGroup: 'Session', sites: [{ frames: [frame('/app/client.mjs', 26)], count: 50 }] };
    const e = evidence('objects', 'Session', ['(GC roots)', 'context: system / Context', 'sessions: Object', 'session-186: Session {id}']);
    expect(matchTargets(e, [array, target])).toEqual([target]);
    expect(headlineFor(e, { sites: sitesOf([target]), collection: { kind: 'Object', label: 'Object', perCycle: 1 }, heapPerCycle: 40 })).toBe(
      '`sessions` (an object used as a map in /app/client.mjs) gains 1.00 entries per cycle (Session +1.00/cycle; heap +40 B/cycle), added at /app/client.mjs:26:5 in `connect()`',
    );
  });
});

describe('attachSites: a side of several processes', () => {
  const verdict = (pid: number): RoleVerdict => ({
    role: 'server',
    label: `server worker ${pid} (pid ${pid})`,
    pid,
    verdict: 'fail',
    reason: '',
    judgedWindow: { fromMs: 0, toMs: 1, fromCycle: 0, toCycle: 1, samples: 1 },
    growth: [],
    evidence: [evidence('trend', 'heapUsed')],
  });
  const report = (target: GrowthTarget) => ({ targets: [target], calls: 1 });

  it("gives each worker its own process's sites, and none from another's", () => {
    const workers = [verdict(11), verdict(12)];
    const phase = { ms: 3_000, cycles: 50, reports: {}, byPid: { 11: report(listeners), 12: report(array) }, failures: [] };
    attachSites(workers, phase);
    expect(workers[0]?.evidence[0]?.sites?.map((s) => s.line)).toEqual([20]);
    expect(workers[1]?.evidence[0]?.sites?.map((s) => s.line)).toEqual([29]);
  });

  it('a worker whose process gave no report gets no sites, not the side’s', () => {
    const workers = [verdict(11)];
    attachSites(workers, { ms: 3_000, cycles: 50, reports: { server: report(array) }, byPid: {}, failures: ['server worker 1 (pid 11) gave no sites within 5 s'] });
    expect(workers[0]?.evidence[0]?.sites).toEqual([]);
  });
});
