import { describe, expect, it } from 'vitest';
import { NameMarks, markEdgeNames, markNodeNames, nameLayout } from '../../src/heap/names-in-use.js';

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic', 'concatenated string', 'sliced string'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];
const header = { meta: { node_types: [NODE_TYPES], edge_types: [EDGE_TYPES] } };

const marked = (marks: NameMarks): number[] => [...marks.used.keys()].filter((i) => marks.used[i] === 1);

describe('names in use', () => {
  it('marks the names of nodes that are not strings and of edges not named by a number', () => {
    const layout = nameLayout(header, ['type', 'name', 'id'], ['name_or_index', 'to_node'], true);
    expect(layout).not.toBeNull();
    const { nf, ef, nodeType, nodeName, edgeName, skipNode, skipEdge } = layout!;
    const marks = new NameMarks(1000);
    // object "3", string "4", sliced string "5", closure "6".
    const nodes = Uint32Array.of(3, 3, 1, 2, 4, 2, 11, 5, 3, 5, 6, 4);
    expect(markNodeNames(marks, nodes, nodes.length, nf, nodeType, nodeName, skipNode)).toBe(true);
    expect(marked(marks)).toEqual([3, 6]);
    // property 7, element 8, internal 9, hidden 10, weak 11: the types are in a byte array of their own.
    const edges = Uint32Array.of(7, 0, 8, 0, 9, 0, 10, 0, 11, 0);
    const types = Uint8Array.of(2, 1, 3, 4, 6);
    expect(markEdgeNames(marks, edges, edges.length, ef, types, -1, edgeName, skipEdge)).toBe(true);
    expect(marked(marks)).toEqual([3, 6, 7, 9, 11]);
    expect(marks.max).toBe(11);
  });

  it('reads the edge type from the edges when it was not split off', () => {
    const layout = nameLayout(header, ['type', 'name'], ['type', 'name_or_index', 'to_node'], false)!;
    const marks = new NameMarks(1000);
    const edges = Uint32Array.of(2, 40, 0, 1, 41, 0, 5, 42, 0);
    expect(markEdgeNames(marks, edges, edges.length, layout.ef, null, layout.edgeType, layout.edgeName, layout.skipEdge)).toBe(true);
    expect(marked(marks)).toEqual([40, 42]);
  });

  it('gives up on a name beyond the bound, and grows for one within it', () => {
    const marks = new NameMarks(200_000);
    expect(marks.mark(150_000)).toBe(true);
    expect(marks.used.length).toBeGreaterThan(150_000);
    expect(marks.mark(5_000_000)).toBe(false);
    expect(marks.max).toBe(150_000);
  });

  it('joins another set of marks (the edges worker), longer or shorter than its own', () => {
    const mine = new NameMarks(1 << 20);
    mine.mark(2);
    mine.mark(70_000);
    const theirs = new NameMarks(1 << 20);
    theirs.mark(5);
    theirs.mark(300_000);
    mine.join(theirs.used, theirs.max);
    expect(marked(mine)).toEqual([2, 5, 70_000, 300_000]);
    expect(mine.max).toBe(300_000);
    const short = new NameMarks(100);
    short.mark(9);
    mine.join(short.used, short.max);
    expect(marked(mine)).toEqual([2, 5, 9, 70_000, 300_000]);
  });

  it('has no layout when a field or the type names are missing', () => {
    expect(nameLayout(header, ['type', 'id'], ['name_or_index', 'to_node'], true)).toBeNull();
    expect(nameLayout(header, ['type', 'name'], ['name_or_index', 'to_node'], false)).toBeNull();
    expect(nameLayout({ meta: { node_types: [NODE_TYPES] } }, ['type', 'name'], ['name_or_index', 'to_node'], true)).toBeNull();
  });
});
