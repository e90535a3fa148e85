// Process under test for bench/big-snapshot.mjs: a server-shaped heap of several kinds of small
// objects (sessions with their message queues, a cache Map, closures holding timers' state) and,
// among them, a leak-shaped array of LeakRecords that grows between snapshots. Writes one real V8
// snapshot per step of STEPS ("0,5,10": percent of the leak added before each), each after a
// full GC, and prints one JSON line per snapshot: { path, bytes, ms, leakRecords, heapUsed }.
//   HEAP_MB    about how much heap to hold (MiB)
//   OUT_DIR    where the snapshots go (mode 0600), named base-<step>.heapsnapshot
import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';

/** Measured heap per "unit" below: a session, its 4 messages, a cache entry, a closure, 2 leak records. */
const BYTES_PER_UNIT = 1100;

class Session {
  constructor(i) {
    this.id = i;
    this.peer = `127.0.0.1:${40000 + (i % 20000)}`;
    this.stats = { opened: i, bytes: i * 3 };
    this.queue = [];
  }
}
class Message {
  constructor(session, n) {
    this.seq = n;
    this.body = `msg-${session.id}-${n}`;
    this.session = session;
  }
}
class CacheEntry {
  constructor(key, i) {
    this.key = key;
    this.hits = i % 7;
    this.value = [i, i + 1];
  }
}
class LeakRecord {
  constructor(i) {
    this.attempt = i;
    this.key = 'k' + i;
    this.meta = { n: i };
  }
}

const units = Math.round((Number(process.env.HEAP_MB ?? 100) * 1024 * 1024) / BYTES_PER_UNIT);
const sessions = new Map();
const cache = new Map();
const handlers = [];
for (let i = 0; i < units; i++) {
  const s = new Session(i);
  for (let n = 0; n < 4; n++) s.queue.push(new Message(s, n));
  sessions.set(i, s);
  cache.set(`route-${i}`, new CacheEntry(`route-${i}`, i));
  const state = { ticks: 0, session: s };
  handlers.push(() => state.ticks++);
}
globalThis.server = { sessions, cache, handlers };
// The leak: records pushed onto an array that nothing ever empties.
globalThis.leaked = [];
const leakBase = units * 2;
function leak(count) {
  const from = globalThis.leaked.length;
  for (let i = 0; i < count; i++) globalThis.leaked.push(new LeakRecord(from + i));
}
leak(leakBase);

const steps = (process.env.STEPS ?? '0').split(',').map(Number);
let added = 0;
for (const [i, percent] of steps.entries()) {
  const want = Math.round((leakBase * percent) / 100);
  leak(want - added);
  added = want;
  globalThis.gc();
  const path = join(process.env.OUT_DIR, `base-${i + 1}.heapsnapshot`);
  const started = performance.now();
  v8.writeHeapSnapshot(path);
  chmodSync(path, 0o600);
  const line = { path, bytes: statSync(path).size, ms: performance.now() - started, leakRecords: globalThis.leaked.length, heapUsed: process.memoryUsage().heapUsed };
  process.stdout.write(JSON.stringify(line) + '\n');
}
