/**
 * The probe's figures read from another process over its inspector: the same `Sample` fields
 * probe/sampler.ts reads in-process. Each read is one `Runtime.evaluate` of a self-contained
 * arrow function, returned by value: it defines no global, keeps no object in the target, and
 * reaches `process` through `globalThis` (an ES module program has no other name for it in the
 * evaluated context either). Forced GC is the inspector's own `HeapProfiler.collectGarbage`.
 */
import type { MemoryFigures, PostGcFigures } from '../model/sample.js';
import { InspectorCallError, type InspectorSession } from './inspector-session.js';

/** Written into every expression ws-soak evaluates in a target: a snapshot after detach must not hold it. */
export const PROBE_MARKER = 'ws-soak probe';

/** What one evaluation returns. */
export interface RemoteFigures {
  pid: number;
  /** Node's version in the target, e.g. "v20.20.2". */
  version: string;
  mem: MemoryFigures;
  resources: Record<string, number>;
  listeners: Record<string, number>;
  /** User + system CPU time of the target since it started, µs. */
  cpuMicros: number;
  /** V8's code and bytecode with metadata, bytes; null when not asked for or not readable (Node < 20.16 has no process.getBuiltinModule). */
  code: number | null;
}

/**
 * The expression. `withCode` adds v8.getHeapCodeStatistics() (a heap walk: only after a GC, as
 * the in-process probe does). Kept free of anything that outlives the call.
 */
function figuresExpression(withCode: boolean): string {
  // The marker lets a test find any trace of this source left in the target's heap.
  return `(() => { /* ${PROBE_MARKER} */
  const p = globalThis.process;
  const resources = {};
  for (const type of p.getActiveResourcesInfo()) resources[type] = (resources[type] || 0) + 1;
  const listeners = {};
  for (const event of p.eventNames()) {
    const n = p.listenerCount(event);
    if (n > 0) listeners[String(event)] = n;
  }
  const m = p.memoryUsage();
  const cpu = p.cpuUsage();
  let code = null;
  if (${withCode} && typeof p.getBuiltinModule === 'function') {
    const s = p.getBuiltinModule('node:v8').getHeapCodeStatistics();
    code = s.code_and_metadata_size + s.bytecode_and_metadata_size;
  }
  return {
    pid: p.pid,
    version: p.version,
    mem: { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers },
    resources,
    listeners,
    cpuMicros: cpu.user + cpu.system,
    code,
  };
})()`;
}

/** The object group our evaluations belong to, released after each (returnByValue keeps none, but a thrown error's remote object would). */
const OBJECT_GROUP = 'ws-soak';

/**
 * Evaluates `expression` in the target and returns its value. No command-line API (`$0`, `inspect`
 * …), no side effects on the console, nothing left in an object group.
 */
export async function evaluate<T>(session: InspectorSession, expression: string): Promise<T> {
  try {
    const reply = await session.call('Runtime.evaluate', {
      expression,
      returnByValue: true,
      includeCommandLineAPI: false,
      silent: true,
      objectGroup: OBJECT_GROUP,
    });
    const details = reply['exceptionDetails'] as { exception?: { description?: string }; text?: string } | undefined;
    if (details) throw new InspectorCallError('Runtime.evaluate', details.exception?.description ?? details.text ?? 'threw');
    return (reply['result'] as { value: T }).value;
  } finally {
    if (!session.isClosed) await session.call('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => undefined);
  }
}

export function readFigures(session: InspectorSession, withCode = false): Promise<RemoteFigures> {
  return evaluate<RemoteFigures>(session, figuresExpression(withCode));
}

/** Two full GCs, as the in-process probe does: the first leaves Buffers that finalizers free. */
export async function collectGarbage(session: InspectorSession): Promise<void> {
  await session.call('HeapProfiler.collectGarbage');
  await session.call('HeapProfiler.collectGarbage');
}

/** The post-GC figures: a full GC, then the memory figures and V8's code size. */
export async function postGcFigures(session: InspectorSession): Promise<{ postGc: PostGcFigures; figures: RemoteFigures }> {
  await collectGarbage(session);
  const figures = await readFigures(session, true);
  return { postGc: { ...figures.mem, ...(figures.code === null ? {} : { code: figures.code }) }, figures };
}
