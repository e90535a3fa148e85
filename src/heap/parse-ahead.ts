/**
 * Parsing the next snapshot of a series while the main thread still works on the current one:
 * `diff` counts each file's groups and, for the first, builds its object table (~0.15 s on a
 * 135 MB file) while nothing else runs. Started ahead, the next file's edges worker reads its
 * `edges` in that time instead of after it (bench/parse-rivals.mjs, diff of three 129–142 MiB files).
 */
import type { HeapGraph } from './graph.js';
import { parseSnapshotFile, type ParseOptions } from './parse.js';

/** A parse under way: the graph to come, and when the main thread may turn to other work. */
export interface ParseAhead {
  readonly graph: Promise<HeapGraph>;
  /**
   * Settles once the file's edges worker runs, or once the parse is over (small files have no
   * worker; then nothing would overlap and the main thread should just let the parse finish).
   */
  readonly working: Promise<void>;
}

/** Starts parsing `path`; its errors come out of `graph`, as from {@link parseSnapshotFile}. */
export function parseAhead(path: string, options: Pick<ParseOptions, 'nodeNamesOnly'> = {}): ParseAhead {
  let started: () => void = () => undefined;
  const working = new Promise<void>((resolve) => (started = resolve));
  const graph = parseSnapshotFile(path, { ...options, onEdgesThread: () => started() });
  // Settles `working` either way; the error itself is the awaiting caller's, through `graph`.
  graph.then(started, started);
  return { graph, working };
}
