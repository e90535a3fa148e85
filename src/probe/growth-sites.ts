/**
 * The sites phase inside a process under test: for a few seconds, the methods that add entries to
 * a collection (Array push/unshift, Map set, Set add, EventEmitter and EventTarget listeners,
 * setInterval/setTimeout) record the call stack of every addition to a collection that already held
 * entries; plain objects used as maps get a Proxy in their prototype chain that hears their new keys
 * (probe/object-maps.ts). At the end,
 * the collections that grew report where their new entries came from. Exact to the statement (the
 * stack of the adding call), and its cost does not depend on the heap's size; V8's allocation
 * tracker would give only the allocating function's first line (see README "Growth sites").
 */
import { EventEmitter, getEventListeners } from 'node:events';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SITES_MAX_OBJECT_MAPS, SITES_MAX_TARGETS } from '../constants.js';
import type { GrowthSitesReport, GrowthTarget, GrowthTargetKind, RawAddSite, RawFrame } from '../model/growth-sites.js';
import { callerFrames, isNodeInternal, isPackageFrame } from './call-stack.js';
import { hookObjectMap, ObjectMapFinder } from './object-maps.js';

/** ws-soak's own files (dist/): additions made by the harness itself are not the user's leak. */
const OWN_ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Tracked {
  kind: GrowthTargetKind;
  label: string;
  size: () => number;
  startSize: number;
  entryGroup: string;
  sites: Map<string, RawAddSite>;
}

type AnyFn = (...args: unknown[]) => unknown;

/** DevTools-style group name of a value, as the heap snapshot would list it. */
function groupOf(value: unknown): string {
  if (typeof value === 'string') return '(string)';
  if (typeof value === 'function') return '(closure)';
  if (typeof value === 'number') return '(number)';
  if (value === null || typeof value !== 'object') return `(${typeof value})`;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'Object';
}

/**
 * True when the call comes from ws-soak's own code: its first frame that is neither Node's nor
 * another package's is ws-soak's (installed, ws-soak itself lies in node_modules).
 */
function isOwnCall(frames: RawFrame[]): boolean {
  const first = frames.find((f) => !isNodeInternal(f) && (f.file.startsWith(OWN_ROOT) || !isPackageFrame(f)));
  return first !== undefined && first.file.startsWith(OWN_ROOT);
}

function keyOf(frames: RawFrame[]): string {
  return frames.map((f) => `${f.file}:${f.line}:${f.column}`).join('|');
}

export class GrowthSitesRecorder {
  private readonly restores: Array<() => void> = [];
  /** Per collection: its record, or `null` when it is not followed (it was empty when first seen). */
  private readonly states = new WeakMap<object, Tracked | null>();
  private readonly listenerStates = new WeakMap<object, Map<string | symbol, Tracked>>();
  private readonly followed: Array<{ ref: WeakRef<object>; tracked: Tracked }> = [];
  private readonly timers: Array<{ ref: WeakRef<object>; key: string; frames: RawFrame[] }> = [];
  private busy = false;
  private calls = 0;
  private running = false;
  private finder: ObjectMapFinder | null = null;
  private readonly objectMaps = new WeakSet<object>();
  private objectMapCount = 0;

  /**
   * `stackText: true` reads stacks from `Error.stack` text (no callback of ours left in V8's optimized code).
   * `scopeLook: false` leaves out the search of callbacks' scopes for plain-object maps (it opens an
   * in-process inspector session): an attached target is already driven over the inspector, and
   * that session kept the recorder's code alive in it after ws-soak detached (test/e2e/attach.test.ts).
   */
  constructor(private readonly options: { scopeLook?: boolean; stackText?: boolean } = {}) {}

  /** The stack above `hook`; as text in a visited process (`stackText`: see call-stack.ts). */
  private framesAbove(hook: (...args: never[]) => unknown): RawFrame[] {
    return callerFrames(hook, this.options.stackText === true ? 'text' : 'sites');
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const self = this;
    this.wrap(Array.prototype, 'push', (orig) =>
      function push(this: unknown[], ...items: unknown[]) {
        self.onAdd(this, 'Array', () => this.length, items[0], items.length, push);
        return orig.apply(this, items);
      },
    );
    this.wrap(Array.prototype, 'unshift', (orig) =>
      function unshift(this: unknown[], ...items: unknown[]) {
        self.onAdd(this, 'Array', () => this.length, items[0], items.length, unshift);
        return orig.apply(this, items);
      },
    );
    this.wrap(Map.prototype, 'set', (orig) =>
      function set(this: Map<unknown, unknown>, key: unknown, value: unknown) {
        if (!this.has(key)) self.onAdd(this, 'Map', () => this.size, value, 1, set);
        return orig.call(this, key, value);
      },
    );
    this.wrap(Set.prototype, 'add', (orig) =>
      function add(this: Set<unknown>, value: unknown) {
        if (!this.has(value)) self.onAdd(this, 'Set', () => this.size, value, 1, add);
        return orig.call(this, value);
      },
    );
    for (const method of ['addListener', 'on', 'prependListener'] as const) {
      this.wrap(EventEmitter.prototype, method, (orig) =>
        function listen(this: EventEmitter, ...args: unknown[]) {
          self.onListen(this, args[0] as string | symbol, listen);
          self.lookAround(args[1]);
          return orig.apply(this, args);
        },
      );
    }
    // EventTarget (AbortSignal, a browser-style WebSocket): Node counts its listeners with getEventListeners.
    if (typeof EventTarget === 'function') {
      this.wrap(EventTarget.prototype, 'addEventListener', (orig) =>
        function addEventListener(this: EventTarget, ...args: unknown[]) {
          try {
            if (typeof args[0] === 'string' && args[1]) self.onTargetListen(this, args[0], addEventListener);
          } catch {
            // Not an EventTarget (getEventListeners refuses it): the original call says so in its own words.
          }
          self.lookAround(args[1]);
          return orig.apply(this, args);
        },
      );
    }
    // Named imports of node:timers are live bindings of the builtin's exports: sync them too.
    const timers = createRequire(import.meta.url)('node:timers') as Record<string, AnyFn>;
    for (const name of ['setInterval', 'setTimeout'] as const) {
      const wrapTimer = (orig: AnyFn): AnyFn =>
        function timer(this: unknown, ...args: unknown[]) {
          const handle = orig.apply(this, args);
          self.onTimer(handle, timer);
          self.lookAround(args[0]);
          return handle;
        };
      const wrapped = this.wrap(globalThis as unknown as Record<string, unknown>, name, wrapTimer);
      if (timers[name] !== wrapped) this.wrap(timers, name, () => wrapped);
    }
    syncBuiltinESMExports();
    this.finder = this.options.scopeLook === false ? null : new ObjectMapFinder();
    this.busy = true;
    try {
      for (const obj of this.finder?.globals() ?? []) this.watchObject(obj);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Follows a plain object used as a map (`registry[id] = session`) until stop(): its new keys'
   * stacks are recorded. The phase finds such objects itself (globals, and the scopes of the
   * callbacks given to timers and listeners); a caller that knows one can add it. False when the
   * object is not a map-like plain object, is frozen or sealed, or is followed already.
   */
  watchObject(obj: object): boolean {
    if (!this.running || this.objectMaps.has(obj) || this.objectMapCount >= SITES_MAX_OBJECT_MAPS || this.followed.length >= SITES_MAX_TARGETS) return false;
    const size = (): number => Object.keys(obj).length;
    const tracked: Tracked = { kind: 'Object', label: 'Object', size, startSize: size(), entryGroup: '', sites: new Map() };
    const restore = hookObjectMap(obj, (value, trap) => {
      if (this.busy) return;
      this.busy = true;
      try {
        this.calls++;
        if (tracked.entryGroup === '') tracked.entryGroup = groupOf(value);
        this.note(tracked, this.framesAbove(trap), 1);
      } finally {
        this.busy = false;
      }
    });
    if (!restore) return false;
    this.objectMaps.add(obj);
    this.objectMapCount++;
    this.restores.push(restore);
    this.followed.push({ ref: new WeakRef(obj), tracked });
    return true;
  }

  /** Puts every method back and says which collections grew and from where. */
  stop(): GrowthSitesReport {
    if (this.running) {
      this.running = false;
      for (const restore of this.restores.splice(0).reverse()) restore();
      syncBuiltinESMExports();
      this.finder?.close();
      this.finder = null;
    }
    const targets: GrowthTarget[] = [];
    for (const { ref, tracked } of this.followed) {
      if (!ref.deref()) continue;
      const growth = tracked.size() - tracked.startSize;
      if (growth <= 0) continue;
      targets.push({ kind: tracked.kind, label: tracked.label, growth, entryGroup: tracked.entryGroup || 'Object', sites: [...tracked.sites.values()] });
    }
    const live = new Map<string, RawAddSite>();
    for (const { ref, key, frames } of this.timers) {
      const timer = ref.deref() as { _destroyed?: boolean } | undefined;
      if (!timer || timer._destroyed === true) continue;
      const site = live.get(key) ?? { frames, count: 0 };
      site.count++;
      live.set(key, site);
    }
    const liveCount = [...live.values()].reduce((sum, s) => sum + s.count, 0);
    if (liveCount > 0) targets.push({ kind: 'timers', label: 'Timeout', growth: liveCount, entryGroup: 'Timeout', sites: [...live.values()] });
    targets.sort((a, b) => b.growth - a.growth);
    return { targets, calls: this.calls };
  }

  private wrap<T extends object>(owner: T, name: string, make: (orig: AnyFn) => AnyFn): AnyFn {
    const record = owner as Record<string, unknown>;
    const descriptor = Object.getOwnPropertyDescriptor(owner, name);
    const orig = record[name] as AnyFn;
    const wrapped = make(orig);
    Object.defineProperty(owner, name, { value: wrapped, writable: true, configurable: true, enumerable: descriptor?.enumerable ?? false });
    this.restores.push(() => {
      if (descriptor) Object.defineProperty(owner, name, descriptor);
      else delete record[name];
    });
    return wrapped;
  }

  private onAdd(target: object, kind: GrowthTargetKind, size: () => number, entry: unknown, added: number, hook: AnyFn): void {
    if (this.busy || added === 0) return;
    this.busy = true;
    try {
      this.calls++;
      let tracked = this.states.get(target);
      if (tracked === undefined) {
        const startSize = size();
        // An empty collection is a fresh one (a buffer list, a call's arguments): a leak's list already holds entries.
        tracked = startSize === 0 || this.followed.length >= SITES_MAX_TARGETS ? null : { kind, label: kind, size, startSize, entryGroup: groupOf(entry), sites: new Map() };
        this.states.set(target, tracked);
        if (tracked) this.followed.push({ ref: new WeakRef(target), tracked });
      }
      if (tracked) this.note(tracked, this.framesAbove(hook), added);
    } finally {
      this.busy = false;
    }
  }

  private onListen(emitter: EventEmitter, event: string | symbol, hook: AnyFn): void {
    const name = typeof event === 'symbol' ? event.toString() : event;
    const owner = emitter === process ? 'process' : groupOf(emitter);
    this.onListenerAdded(emitter, event, `${owner} '${name}'`, () => emitter.listenerCount(event), hook);
  }

  /** An EventTarget's listener: Node counts them with getEventListeners. */
  private onTargetListen(target: EventTarget, type: string, hook: AnyFn): void {
    this.onListenerAdded(target, type, `${groupOf(target)} '${type}'`, () => getEventListeners(target, type).length, hook);
  }

  /** One listener list per owner and event, followed from its first addition in the phase. */
  private onListenerAdded(owner: object, event: string | symbol, label: string, size: () => number, hook: AnyFn): void {
    if (this.busy) return;
    this.busy = true;
    try {
      this.calls++;
      let perEvent = this.listenerStates.get(owner);
      if (!perEvent) {
        perEvent = new Map();
        this.listenerStates.set(owner, perEvent);
      }
      let tracked = perEvent.get(event);
      if (!tracked) {
        tracked = { kind: 'listeners', label, size, startSize: size(), entryGroup: '(closure)', sites: new Map() };
        perEvent.set(event, tracked);
        if (this.followed.length < SITES_MAX_TARGETS) this.followed.push({ ref: new WeakRef(owner), tracked });
      }
      this.note(tracked, this.framesAbove(hook), 1);
    } finally {
      this.busy = false;
    }
  }

  /** A callback handed to a timer or a listener: the plain-object maps its scopes hold are followed from now on. */
  private lookAround(callback: unknown): void {
    if (this.busy || !this.finder || typeof callback !== 'function') return;
    this.busy = true;
    try {
      for (const obj of this.finder.inScopesOf(callback)) this.watchObject(obj);
    } finally {
      this.busy = false;
    }
  }

  private onTimer(handle: unknown, hook: AnyFn): void {
    if (this.busy || handle === null || typeof handle !== 'object') return;
    this.busy = true;
    try {
      this.calls++;
      const frames = this.framesAbove(hook);
      if (!isOwnCall(frames) && this.timers.length < SITES_MAX_TARGETS) this.timers.push({ ref: new WeakRef(handle), key: keyOf(frames), frames });
    } finally {
      this.busy = false;
    }
  }

  private note(tracked: Tracked, frames: RawFrame[], added: number): void {
    if (isOwnCall(frames)) return;
    const key = keyOf(frames);
    const site = tracked.sites.get(key);
    if (site) site.count += added;
    else tracked.sites.set(key, { frames, count: added });
  }
}
