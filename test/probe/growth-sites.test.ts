/** The sites recorder in this process: real hooks on real collections, stacks with exact lines. */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { GrowthSitesRecorder } from '../../src/probe/growth-sites.js';
import type { GrowthSitesReport } from '../../src/model/growth-sites.js';

const here = new URL(import.meta.url).pathname;

/**
 * The line V8 gives for the caller's statement: called on the same line as the addition, it is the
 * line the recorder must report (Vitest's transform may move lines, V8 reports the moved ones).
 */
function thisLine(): number {
  // Raw call sites, as the recorder reads them (the runner's own prepareStackTrace maps lines back to the .ts).
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (_e, sites) => sites;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.captureStackTrace(holder, thisLine);
  const line = holder.stack?.[0]?.getLineNumber() ?? 0;
  Error.prepareStackTrace = prepare;
  return line;
}

let recorder: GrowthSitesRecorder | null = null;
afterEach(() => {
  recorder?.stop();
  recorder = null;
});

/** The top frame of the kind's target that grew by the test's 10 entries (the test runner has collections of its own). */
function topLine(report: GrowthSitesReport, kind: string): { file: string; line: number } | undefined {
  const target = report.targets.find((t) => t.kind === kind && t.growth === 10 && t.sites.some((s) => s.frames[0]?.file === here));
  const frame = target?.sites[0]?.frames[0];
  return frame ? { file: frame.file, line: frame.line } : undefined;
}

describe('GrowthSitesRecorder', () => {
  it('records the line that adds to a collection that grows, for Array, Map, Set, listeners and timers', () => {
    const history = [{ n: 0 }];
    const byId = new Map([[0, 'zero']]);
    const seen = new Set(['a']);
    const bus = new EventEmitter();
    bus.setMaxListeners(0);
    bus.on('tick', () => {});
    const timers: NodeJS.Timeout[] = [];
    const at: Record<string, number> = {};
    recorder = new GrowthSitesRecorder();
    recorder.start();
    for (let n = 1; n <= 10; n++) {
      void ((at.array = thisLine()), history.push({ n }));
      void ((at.map = thisLine()), byId.set(n, String(n)));
      void ((at.set = thisLine()), seen.add(`k${n}`));
      void ((at.listener = thisLine()), bus.on('tick', () => n));
      void ((at.timer = thisLine()), timers.push(setInterval(() => {}, 60_000)));
    }
    const report = recorder.stop();
    for (const t of timers) clearInterval(t);
    expect(topLine(report, 'Array')).toEqual({ file: here, line: at.array });
    expect(topLine(report, 'Map')).toEqual({ file: here, line: at.map });
    expect(topLine(report, 'Set')).toEqual({ file: here, line: at.set });
    expect(topLine(report, 'listeners')).toEqual({ file: here, line: at.listener });
    expect(topLine(report, 'timers')).toEqual({ file: here, line: at.timer });
    const array = report.targets.find((t) => t.kind === 'Array' && t.entryGroup === 'Object');
    expect(array?.growth).toBe(10);
    expect(report.targets.find((t) => t.kind === 'listeners')?.label).toBe("EventEmitter 'tick'");
  });

  it('does not follow a collection that was empty when first added to, nor one that did not grow, nor cleared timers', () => {
    const steady = [1];
    recorder = new GrowthSitesRecorder();
    recorder.start();
    const fresh: number[] = [];
    for (let n = 0; n < 10; n++) {
      fresh.push(n);
      steady.push(n);
      steady.shift();
      clearTimeout(setTimeout(() => {}, 60_000));
    }
    const report = recorder.stop();
    expect(report.targets).toEqual([]);
    expect(report.calls).toBeGreaterThan(0);
  });

  it('puts every method back when it stops', () => {
    const originals = [Array.prototype.push, Map.prototype.set, Set.prototype.add, EventEmitter.prototype.on, globalThis.setInterval];
    recorder = new GrowthSitesRecorder();
    recorder.start();
    expect(Array.prototype.push).not.toBe(originals[0]);
    recorder.stop();
    expect([Array.prototype.push, Map.prototype.set, Set.prototype.add, EventEmitter.prototype.on, globalThis.setInterval]).toEqual(originals);
    expect(Object.getOwnPropertyDescriptor(Array.prototype, 'push')?.enumerable).toBe(false);
  });
});
