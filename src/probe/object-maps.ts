/**
 * Plain objects used as maps (`registry[id] = session`) for the sites phase: finding them, and
 * hearing of their new keys. An assignment to an existing object cannot be hooked, but a key the
 * object does not own is looked up along its prototype chain, so a Proxy put *into* that chain sees
 * every new key (its `set` trap) and nothing else. Found where a leak's map lives: the closure and
 * module scopes of the callbacks the loop hands to timers and listeners (read over an in-process
 * inspector session, ~1 ms a callback), and the global object. A search of the whole heap
 * (`Runtime.queryObjects`) was measured instead: 20–24 s on a 259 MiB heap, far past the phase's budget.
 */
import { Session } from 'node:inspector';
import { SITES_MAX_OBJECT_MAPS, SITES_MAX_SCOPE_LOOKS, SITES_OBJECT_MIN_KEYS } from '../constants.js';

/** Inspector object group of the remote handles this file makes; released after each look. */
const GROUP = 'ws-soak-object-maps';
/** Where the inspector hands an object back to JavaScript (removed right after). */
const TAKE = Symbol.for('ws-soak.object-maps.take');

interface RemoteObject {
  type?: string;
  subtype?: string;
  objectId?: string;
}
interface PropertyDescriptor {
  name: string;
  value?: RemoteObject;
}

/** True for a plain, extensible object (prototype Object.prototype or null) that already owns many keys. */
export function isObjectMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value === globalThis || value === process.env) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  // Frozen, sealed or non-extensible objects cannot gain keys (nor take a new prototype).
  if (!Object.isExtensible(value)) return false;
  return Object.keys(value).length >= SITES_OBJECT_MIN_KEYS;
}

/**
 * Puts a Proxy between `obj` and its prototype: an assignment of a key `obj` does not own reaches
 * the trap, which does the ordinary assignment (`Reflect.set` from the old prototype on, so a
 * setter or a read-only property up the chain still has its say) and, when `obj` then owns the key,
 * calls `onAdd`. The proxy's target inherits from the old prototype, so reads and `instanceof`
 * behave as before. Returns the function that takes the proxy out again, or null when `obj` cannot
 * be hooked.
 */
export function hookObjectMap(obj: object, onAdd: (value: unknown, trap: (...args: never[]) => unknown) => void): (() => void) | null {
  const oldProto = Object.getPrototypeOf(obj) as object | null;
  const target = Object.create(oldProto) as object;
  const handler: ProxyHandler<object> = {
    set: function set(t, key, value, receiver) {
      const owned = Object.prototype.hasOwnProperty.call(receiver, key);
      const done = Reflect.set(t, key, value, receiver);
      // Only the hooked object's own new keys: an object that inherits from it is not the map.
      if (done && receiver === obj && !owned && Object.prototype.hasOwnProperty.call(obj, key)) onAdd(value, set);
      return done;
    },
  };
  const proxy = new Proxy(target, handler);
  try {
    if (!Reflect.setPrototypeOf(obj, proxy)) return null;
  } catch {
    return null;
  }
  return () => {
    // The program may have set a prototype of its own meanwhile: leave that one.
    if (Object.getPrototypeOf(obj) === proxy) Reflect.setPrototypeOf(obj, oldProto);
  };
}

/** Finds object maps in the scopes of callbacks, once per callback, over an in-process inspector session. */
export class ObjectMapFinder {
  private session: Session | null = null;
  private failed = false;
  private looks = 0;
  private readonly looked = new WeakSet<object>();

  /** Object maps in the global object's own properties. */
  globals(): object[] {
    const found: object[] = [];
    for (const key of Object.keys(globalThis)) {
      let value: unknown;
      try {
        value = (globalThis as Record<string, unknown>)[key];
      } catch {
        continue;
      }
      if (isObjectMap(value)) found.push(value);
    }
    return found;
  }

  /** Object maps among the variables of `fn`'s closure, module and script scopes, and one property deep. */
  inScopesOf(fn: unknown): object[] {
    if (typeof fn !== 'function' || this.failed || this.looks >= SITES_MAX_SCOPE_LOOKS || this.looked.has(fn)) return [];
    this.looked.add(fn);
    this.looks++;
    const found: object[] = [];
    try {
      const fnId = this.handOver(fn);
      const scopes = this.post<{ internalProperties?: PropertyDescriptor[] }>('Runtime.getProperties', { objectId: fnId, ownProperties: true, objectGroup: GROUP });
      const list = scopes.internalProperties?.find((p) => p.name === '[[Scopes]]')?.value?.objectId;
      if (!list) return [];
      for (const scope of this.properties(list)) {
        // The global scope is every builtin: globals() covers the program's own globals cheaply.
        if (!scope.value?.objectId || /^Global/.test((scope.value as { description?: string }).description ?? '')) continue;
        for (const variable of this.properties(scope.value.objectId)) {
          const id = variable.value?.type === 'object' && !variable.value.subtype ? variable.value.objectId : undefined;
          if (!id) continue;
          const value = this.take(id);
          if (isObjectMap(value)) found.push(value);
          else if (value !== null && typeof value === 'object') {
            // `state.sessions = {}`: a map one property down a module's state object or an instance.
            for (const key of Object.keys(value).slice(0, 64)) {
              const inner = Object.getOwnPropertyDescriptor(value, key)?.value as unknown;
              if (isObjectMap(inner)) found.push(inner);
            }
          }
          if (found.length >= SITES_MAX_OBJECT_MAPS) break;
        }
      }
    } catch {
      // No inspector (a worker without one, a build without it): plain-object maps go unseen.
      this.failed = true;
    } finally {
      if (this.session) this.post('Runtime.releaseObjectGroup', { objectGroup: GROUP });
    }
    return found;
  }

  close(): void {
    this.session?.disconnect();
    this.session = null;
  }

  private post<T>(method: string, params: object): T {
    if (!this.session) {
      this.session = new Session();
      this.session.connect();
    }
    let result: T | undefined;
    let error: Error | null = null;
    // An in-process session answers synchronously: the callback has run when post returns.
    this.session.post(method, params, (err: Error | null, res?: object) => {
      error = err;
      result = res as T;
    });
    if (error) throw error;
    if (result === undefined) throw new Error(`inspector ${method} gave no answer`);
    return result;
  }

  private properties(objectId: string): PropertyDescriptor[] {
    return this.post<{ result: PropertyDescriptor[] }>('Runtime.getProperties', { objectId, ownProperties: true, objectGroup: GROUP }).result;
  }

  /** A remote handle of a JavaScript value: the value sits on the global object for the length of one evaluation. */
  private handOver(value: unknown): string {
    const holder = globalThis as unknown as Record<symbol, unknown>;
    holder[TAKE] = value;
    try {
      const id = this.post<{ result: RemoteObject }>('Runtime.evaluate', { expression: `globalThis[Symbol.for('ws-soak.object-maps.take')]`, objectGroup: GROUP }).result.objectId;
      if (!id) throw new Error('no handle');
      return id;
    } finally {
      delete holder[TAKE];
    }
  }

  /** The JavaScript value of a remote handle. */
  private take(objectId: string): unknown {
    const holder = globalThis as unknown as Record<symbol, unknown>;
    this.post('Runtime.callFunctionOn', { objectId, functionDeclaration: `function () { globalThis[Symbol.for('ws-soak.object-maps.take')] = this; }`, objectGroup: GROUP });
    const value = holder[TAKE];
    delete holder[TAKE];
    return value;
  }
}
