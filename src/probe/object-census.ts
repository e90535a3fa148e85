/**
 * Counts the live objects of the current process by constructor name, without a heap snapshot:
 * the object evidence of a process whose heap is too big to snapshot (a snapshot costs ~18× the
 * heap in RSS; snapshot-guard.ts skips it).
 *
 * One `Runtime.queryObjects` over an in-process inspector session with `Object.prototype`: V8 runs
 * a full GC, walks the heap once and hands back an array of every live object whose prototype
 * chain holds it; a function run on that array tallies them by constructor. One walk counts every
 * class, the user's own included (exported or not), where `v8.queryObjects(ctor, { format: 'count' })`
 * walks the heap once per constructor and needs each constructor in hand (measured:
 * docs/benchmarks.md, "Live-object counts"). Not counted: primitives (strings, numbers) and
 * objects without `Object.prototype` in their chain (`Object.create(null)`).
 */
import { createRequire } from 'node:module';
import type * as Inspector from 'node:inspector';
import { OBJECT_COUNT_MAX_NAMES } from '../constants.js';
import type { ObjectCounts } from '../model/sample.js';

const requireBuiltin = createRequire(import.meta.url);
/** Inspector object group holding what a count looks up, released after each count. */
const GROUP = 'ws-soak-object-census';

/**
 * Tallies the objects of `this` (the array queryObjects returned) by constructor name; runs in the
 * inspected context, so it must not refer to anything outside itself. Counts by prototype first
 * and names each prototype once at the end (naming every object took 8–15× longer: 1.2–2.4 s
 * against 0.15 s for 2.8 M objects). Reads a prototype's own `constructor` data property and never
 * calls a getter: counting must not run the program's code (a Proxy's traps are the exception,
 * and caught).
 */
function tally(this: unknown[], maxNames: number): Array<[string, number]> {
  const byProto = new Map<unknown, number>();
  const protoOf = Object.getPrototypeOf;
  const hasOwn = Object.hasOwn;
  const own = Object.getOwnPropertyDescriptor;
  let closures = 0;
  let prototypes = 0;
  let unknown = 0;
  for (let i = 0; i < this.length; i++) {
    const o = this[i] as object;
    try {
      if (typeof o === 'function') closures++;
      // A class's prototype object: not an instance of the class it inherits from.
      else if (hasOwn(o, 'constructor') && own(o, 'constructor')?.value?.prototype === o) prototypes++;
      else {
        const proto: unknown = protoOf(o);
        byProto.set(proto, (byProto.get(proto) ?? 0) + 1);
      }
    } catch {
      unknown++;
    }
  }
  const counts = new Map<string, number>([['(closure)', closures]]);
  if (prototypes > 0) counts.set('(prototype)', prototypes);
  if (unknown > 0) counts.set('(unknown)', unknown);
  for (const [proto, n] of byProto) {
    let name = 'Object';
    try {
      const ctor: unknown = proto ? own(proto, 'constructor')?.value : undefined;
      if (typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name !== '') name = ctor.name;
    } catch {
      name = '(unknown)';
    }
    counts.set(name, (counts.get(name) ?? 0) + n);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, maxNames);
}

/** The reason live objects cannot be counted in this process, or null when they can. */
export function censusUnavailable(): string | null {
  try {
    requireBuiltin('node:inspector');
    return null;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return `this Node has no inspector (${why}), which live-object counts need`;
  }
}

export class ObjectCensus {
  private session: Inspector.Session | null = null;

  /** Counts now: a full GC and a heap walk, the process paused meanwhile. Throws when the inspector is missing. */
  count(maxNames = OBJECT_COUNT_MAX_NAMES): ObjectCounts {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const session = this.connect();
    try {
      const proto = post<{ result: { objectId?: string } }>(session, 'Runtime.evaluate', { expression: 'Object.prototype', objectGroup: GROUP });
      const found = post<{ objects: { objectId?: string } }>(session, 'Runtime.queryObjects', {
        prototypeObjectId: proto.result.objectId,
        objectGroup: GROUP,
      });
      const tallied = post<{ result: { value?: Array<[string, number]> }; exceptionDetails?: { text: string } }>(session, 'Runtime.callFunctionOn', {
        objectId: found.objects.objectId,
        functionDeclaration: tally.toString(),
        arguments: [{ value: maxNames }],
        returnByValue: true,
        objectGroup: GROUP,
      });
      if (tallied.exceptionDetails) throw new Error(`counting live objects failed: ${tallied.exceptionDetails.text}`);
      const used = process.cpuUsage(cpu);
      return { counts: Object.fromEntries(tallied.result.value ?? []), ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
    } finally {
      // The array of every live object must not outlive the count.
      post(session, 'Runtime.releaseObjectGroup', { objectGroup: GROUP });
    }
  }

  disconnect(): void {
    this.session?.disconnect();
    this.session = null;
  }

  private connect(): Inspector.Session {
    if (this.session) return this.session;
    const { Session } = requireBuiltin('node:inspector') as typeof Inspector;
    const session = new Session();
    session.connect();
    this.session = session;
    return session;
  }
}

/** An in-process session answers inside `post` (the callback runs before it returns); anything else is a bug here. */
function post<T>(session: Inspector.Session, method: string, params: object): T {
  let reply: { error: Error | null; result?: unknown } | null = null;
  session.post(method, params, (error: Error | null, result?: unknown) => (reply = { error, result }));
  const got = reply as { error: Error | null; result?: unknown } | null;
  if (!got) throw new Error(`the inspector did not answer ${method} at once`);
  if (got.error) throw got.error;
  return got.result as T;
}
