/**
 * Plain-words notes under `ws-soak diff` for the groups people misread: `(compiled code)`, which
 * grows in every busy process and is not judged, and `(string)` growth that is mostly V8 ropes
 * (a string built with `+` is a tree of concatenated-string nodes, so one "1 KiB string" a cycle
 * counts as many `(string)` objects a cycle).
 */
import { formatCount, formatPercent } from '../format/units.js';
import type { GroupDelta } from './compare.js';
import type { HeapGraph } from './graph.js';
import type { GroupGrowth } from './growth.js';
import { hasId } from './id-index.js';

/** Share of the new string nodes that are ropes above which the rope note is shown. */
const ROPE_NOTE_SHARE = 0.3;

/** New string nodes in `graph` (ids not in `sinceIds`), and how many of them are ropes. */
export function newStringNodes(graph: HeapGraph, sinceIds: Uint32Array): { strings: number; ropes: number } {
  const rope = graph.nodeType['concatenated string'];
  const kinds = new Set(['string', 'concatenated string', 'sliced string'].map((t) => graph.nodeType[t]).filter((t) => t !== undefined));
  let strings = 0;
  let ropes = 0;
  for (let i = 0; i < graph.nodeCount; i++) {
    const t = graph.nodeTypeIndex(i);
    if (!kinds.has(t) || hasId(sinceIds, graph.nodeId(i))) continue;
    strings++;
    if (t === rope) ropes++;
  }
  return { strings, ropes };
}

/** The notes for a diff: which groups shown need a word of explanation. */
export function diffNotes(deltas: readonly GroupDelta[], growing: readonly GroupGrowth[], strings: { strings: number; ropes: number } | null): string[] {
  const notes: string[] = [];
  const grew = (name: string) => growing.some((g) => g.name === name) || deltas.some((d) => d.name === name && d.countDelta > 0);
  if (grew('(compiled code)')) {
    notes.push(
      "(compiled code) is V8 compiling and optimizing your functions; it grows for minutes in any busy process. It is not judged: the verdict takes it off heapUsed.",
    );
  }
  if (grew('(string)') && strings && strings.strings > 0 && strings.ropes / strings.strings >= ROPE_NOTE_SHARE) {
    notes.push(
      `(string): ${formatPercent(strings.ropes, strings.strings)} of the ${formatCount(strings.strings)} new string objects are ropes (V8's concatenated strings): ` +
        'a string built with + or a template is a tree of pieces, so one retained string can count as many (string) objects. Look at what holds them, not at the count.',
    );
  }
  return notes;
}
