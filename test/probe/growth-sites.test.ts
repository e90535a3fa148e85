/** The sites recorder in this process: real hooks on real collections, stacks with exact lines. */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { GrowthSitesRecorder } from '../../src/probe/growth-sites.js';
import { hookObjectMap, isObjectMap } from '../../src/probe/object-maps.js';
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
    const addEventListener = EventTarget.prototype.addEventListener;
    const originals = [Array.prototype.push, Map.prototype.set, Set.prototype.add, EventEmitter.prototype.on, globalThis.setInterval];
    recorder = new GrowthSitesRecorder();
    recorder.start();
    expect(Array.prototype.push).not.toBe(originals[0]);
    recorder.stop();
    expect([Array.prototype.push, Map.prototype.set, Set.prototype.add, EventEmitter.prototype.on, globalThis.setInterval]).toEqual(originals);
    expect(Object.getOwnPropertyDescriptor(Array.prototype, 'push')?.enumerable).toBe(false);
    expect(EventTarget.prototype.addEventListener).toBe(addEventListener);
  });

  it('records the line that adds a key to a plain object used as a map, found in a callback\'s scope, and gives the prototype back', () => {
    class Session {
      constructor(readonly id: number) {}
    }
    const registry: Record<string, Session> = {};
    const byNumber: Record<number, Session> = Object.create(null) as Record<number, Session>;
    for (let n = 0; n < 20; n++) {
      registry[`s${n}`] = new Session(n);
      byNumber[n] = new Session(n);
    }
    const at: Record<string, number> = {};
    recorder = new GrowthSitesRecorder();
    recorder.start();
    const timers: NodeJS.Timeout[] = [];
    // The loop hands its callback to a timer: the recorder finds the maps in the callback's scope.
    const connect = (n: number): void => {
      void ((at.named = thisLine()), (registry[`s${n}`] = new Session(n)));
      void ((at.indexed = thisLine()), (byNumber[n] = new Session(n)));
      registry[`s${n}`] = new Session(n); // an existing key: not an addition
    };
    timers.push(setTimeout(connect, 60_000));
    for (let n = 100; n < 110; n++) connect(n);
    const report = recorder.stop();
    for (const t of timers) clearTimeout(t);
    expect(topLine(report, 'Object')).toEqual({ file: here, line: at.named });
    const objects = report.targets.filter((t) => t.kind === 'Object' && t.growth === 10);
    expect(objects.map((t) => t.entryGroup)).toEqual(['Session', 'Session']);
    expect(objects.map((t) => t.sites[0]?.frames[0]?.line).sort()).toEqual([at.named, at.indexed].sort());
    expect(Object.getPrototypeOf(registry)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(byNumber)).toBe(null);
    expect(Object.keys(registry)).toHaveLength(30);
  });

  it('records the line that adds an EventTarget listener (an AbortSignal that outlives its connections)', () => {
    const signal = new AbortController().signal;
    const at: Record<string, number> = {};
    recorder = new GrowthSitesRecorder();
    recorder.start();
    for (let n = 0; n < 10; n++) void ((at.listener = thisLine()), signal.addEventListener('abort', () => n));
    const report = recorder.stop();
    const target = report.targets.find((t) => t.kind === 'listeners' && t.label === "AbortSignal 'abort'");
    expect(target?.growth).toBe(10);
    expect(target?.sites[0]?.frames[0]).toMatchObject({ file: here, line: at.listener });
    // Called on something that is not an EventTarget: the original's own error, not the recorder's.
    recorder = new GrowthSitesRecorder();
    recorder.start();
    let hooked: unknown;
    try {
      EventTarget.prototype.addEventListener.call({} as EventTarget, 'abort', () => {});
    } catch (error) {
      hooked = error;
    }
    recorder.stop();
    let plain: unknown;
    try {
      EventTarget.prototype.addEventListener.call({} as EventTarget, 'abort', () => {});
    } catch (error) {
      plain = error;
    }
    expect(plain).toBeInstanceOf(TypeError);
    expect(String(hooked)).toBe(String(plain));
  });
});

describe('object maps', () => {
  it('are plain, extensible objects with many keys; not arrays, frozen or sealed objects, or class instances', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    expect(isObjectMap(many)).toBe(true);
    expect(isObjectMap(Object.assign(Object.create(null) as object, many))).toBe(true);
    expect(isObjectMap({ a: 1 })).toBe(false);
    expect(isObjectMap(Object.freeze({ ...many }))).toBe(false);
    expect(isObjectMap(Object.seal({ ...many }))).toBe(false);
    expect(isObjectMap(Object.preventExtensions({ ...many }))).toBe(false);
    expect(isObjectMap(Array.from({ length: 20 }))).toBe(false);
    expect(isObjectMap(Object.assign(new (class Holder {})(), many))).toBe(false);
  });

  it('defer to a setter or a read-only property up the old prototype chain, and keep reads and instanceof as they were', () => {
    const set: unknown[] = [];
    class Base {
      get shared(): string {
        return 'inherited';
      }
      set watched(value: unknown) {
        set.push(value);
      }
    }
    Object.defineProperty(Base.prototype, 'fixed', { value: 1, writable: false });
    const obj = new Base() as Base & Record<string, unknown>;
    const added: unknown[] = [];
    const restore = hookObjectMap(obj, (value) => added.push(value));
    expect(restore).not.toBeNull();
    obj.watched = 'w';
    expect(() => {
      'use strict';
      obj.fixed = 2;
    }).toThrow(TypeError);
    obj.fresh = 'f';
    expect([set, added, obj.shared, obj instanceof Base, Object.keys(obj)]).toEqual([['w'], ['f'], 'inherited', true, ['fresh']]);
    restore?.();
    expect(Object.getPrototypeOf(obj)).toBe(Base.prototype);
    expect(hookObjectMap(Object.freeze({}), () => {})).toBeNull();
  });
});
