/**
 * A retainer path as the user names it: from the module (or the global object) that holds the
 * variable, then the names after it, e.g. `ws/lib/permessage-deflate.js › zlibLimiter.jobs` or
 * `client.mjs › reconnectHistory`, instead of 20 steps from `(GC roots)`. The module's file comes
 * from the snapshot itself: the script of the closure whose context holds the variable, else a
 * CommonJS `Module` object's `filename`, or an ES module context's SourceTextModule's script.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HeapGraph } from './graph.js';

/** The parts of a retainer step (retainers.ts's RetainerStep) read here; declared apart so the two files do not import each other. */
interface RetainerStep {
  readonly nodeIndex: number;
  readonly nodeType: string;
  readonly className: string;
  readonly edgeType: string | null;
  readonly edgeName: string | null;
  readonly label: string;
}

/** Nodes searched from an ES module's SourceTextModule for its script (a few levels: code → function → shared → script). */
const SCRIPT_SEARCH_NODES = 200;

/** The file of a CommonJS `Module` object (its `filename`, else its `id`), or null. */
function moduleObjectFile(graph: HeapGraph, o: number): string | null {
  if (graph.nodeTypeName(o) !== 'object' || graph.nodeName(o) !== 'Module') return null;
  let id: string | null = null;
  for (let e = graph.firstEdge[o] as number; e < (graph.firstEdge[o + 1] as number); e++) {
    const name = graph.edgeName(e);
    if (name !== 'filename' && name !== 'id') continue;
    const to = graph.edgeToNode(e);
    if (graph.nodeTypeName(to) !== 'string' && graph.nodeTypeName(to) !== 'concatenated string') continue;
    if (name === 'filename') return graph.nodeName(to);
    id = graph.nodeName(to);
  }
  return id && id !== '.' ? id : null;
}

/** The edge of `o` named `name`, as its target node, or -1. */
function child(graph: HeapGraph, o: number, name: string): number {
  for (let e = graph.firstEdge[o] as number; e < (graph.firstEdge[o + 1] as number); e++) if (graph.edgeName(e) === name) return graph.edgeToNode(e);
  return -1;
}

/** The file of an ES module's context (a Context whose `extension` is its SourceTextModule), or null. */
function moduleContextFile(graph: HeapGraph, o: number): string | null {
  if (graph.nodeName(o) !== 'system / Context') return null;
  const module = child(graph, o, 'extension');
  if (module < 0 || graph.nodeName(module) !== 'system / SourceTextModule') return null;
  // Breadth-first, bounded: the module's code object leads to its function's script, named by URL.
  const queue = [module];
  const seen = new Set(queue);
  for (let head = 0; head < queue.length && queue.length < SCRIPT_SEARCH_NODES; head++) {
    const at = queue[head] as number;
    for (let e = graph.firstEdge[at] as number; e < (graph.firstEdge[at + 1] as number); e++) {
      const to = graph.edgeToNode(e);
      const name = graph.edgeName(e);
      if ((name === 'script_or_debug_info' || name === 'script') && /^(file:|\/|[A-Za-z]:\\)/.test(graph.nodeName(to))) return graph.nodeName(to);
      if (!seen.has(to) && graph.nodeTypeName(to) !== 'string') {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return null;
}

/** The file a closure was defined in (its shared info's script, named by path or URL), or null. */
function closureFile(graph: HeapGraph, o: number): string | null {
  if (graph.nodeTypeName(o) !== 'closure') return null;
  const shared = child(graph, o, 'shared');
  if (shared < 0) return null;
  let script = child(graph, shared, 'script_or_debug_info');
  if (script < 0) script = child(graph, shared, 'script');
  const name = script < 0 ? '' : graph.nodeName(script);
  return /^(file:|\/|[A-Za-z]:\\)/.test(name) ? name : null;
}

/** True for the global object (or the root's `global` shortcut to it). */
function isGlobal(step: RetainerStep): boolean {
  return /^(global|globalThis|Window|Object \/ global)\b/.test(step.className) || (step.nodeType === 'synthetic' && step.label === 'global');
}

/**
 * A file as the user knows it: inside node_modules, from the package's name on
 * (`ws/lib/permessage-deflate.js`); inside `cwd`, relative to it; else as it is.
 */
export function displayFile(file: string, cwd = process.cwd()): string {
  let path = file;
  if (path.startsWith('file://')) {
    try {
      path = fileURLToPath(path);
    } catch {
      // Not a file URL after all: keep it as it is.
    }
  }
  const inPackages = path.lastIndexOf(`${sep}node_modules${sep}`);
  if (inPackages >= 0) return path.slice(inPackages + `${sep}node_modules${sep}`.length).split(sep).join('/');
  if (isAbsolute(path)) {
    const rel = relative(cwd, path);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  }
  return path;
}

/**
 * The short form of a retainer path, or null when no step of it is a module or the global object
 * (then callers shorten the labels as they can). Names are the property and variable edges after
 * the last such anchor, from the variable (the first closure variable after it, if any) up to the
 * first element or the object itself: the collection, not its entry.
 */
export function anchoredPath(graph: HeapGraph, steps: readonly RetainerStep[], cwd = process.cwd()): string | null {
  let anchor = -1;
  let file: string | null = null;
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i] as RetainerStep;
    if (step.nodeIndex < 0) continue;
    const found = moduleObjectFile(graph, step.nodeIndex) ?? moduleContextFile(graph, step.nodeIndex);
    if (found) {
      anchor = i;
      file = displayFile(found, cwd);
    } else if (isGlobal(step)) {
      anchor = i;
      file = 'globalThis';
    }
  }
  if (anchor < 0 || file === null) return null;
  const after = steps.slice(anchor + 1);
  // `Module → exports: start() → context → log`: the variable `log`, not the exports that reach it.
  const variable = after.findIndex((s) => s.edgeType === 'context');
  // The variable lives in the file of the closure whose context holds it: a module may export
  // another's class (`module.exports = require('./lib/permessage-deflate.js')`).
  for (let i = variable - 1; i >= 0; i--) {
    const defined = closureFile(graph, (after[i] as RetainerStep).nodeIndex);
    if (defined) {
      file = displayFile(defined, cwd);
      break;
    }
  }
  const names: string[] = [];
  const chain = after.slice(Math.max(0, variable));
  // The object itself is the entry, not where it lives (`sessions`, not `sessions.session-440`),
  // unless it is the variable's own value.
  for (const s of chain.length > 1 ? chain.slice(0, -1) : chain) {
    if (s.edgeType === 'element' || s.edgeType === 'hidden' || s.edgeName === null || /^\[/.test(s.edgeName)) break;
    if (s.edgeType === 'property' || s.edgeType === 'context') names.push(s.edgeName);
  }
  return names.length > 0 ? `${file} › ${names.join('.')}` : file;
}
