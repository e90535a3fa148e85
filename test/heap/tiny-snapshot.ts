/** Hand-made heap snapshots in V8's format, small enough to know every answer. */
import { parseSnapshotChunks } from '../../src/heap/parse.js';
import type { HeapGraph } from '../../src/heap/graph.js';

export const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic', 'concatenated string', 'sliced string', 'symbol', 'bigint', 'object shape'];
export const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];
const V8_NODE_FIELDS = ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'];

export interface TinyEdge {
  readonly type: string;
  /** Property/variable name, or the index of an element/hidden edge. */
  readonly name: string | number;
  /** Position of the target in the node list. */
  readonly to: number;
}

export interface TinyNode {
  readonly type: string;
  readonly name: string;
  /** Defaults to 1 + 2 × position (V8 gives heap objects odd ids). */
  readonly id?: number;
  readonly size?: number;
  readonly edges?: readonly TinyEdge[];
}

export interface TinyOptions {
  /** Node field order (must contain V8's five required fields). */
  readonly nodeFields?: readonly string[];
  /** Order of the top-level keys. */
  readonly keyOrder?: readonly string[];
  /** More top-level keys, e.g. trace_tree or samples. */
  readonly extra?: Record<string, unknown>;
}

/** The JSON text of a snapshot with these nodes (node 0 is the root). */
export function tinySnapshot(nodes: readonly TinyNode[], options: TinyOptions = {}): string {
  const nodeFields = options.nodeFields ?? V8_NODE_FIELDS;
  const strings: string[] = [''];
  const str = (s: string): number => {
    const at = strings.indexOf(s);
    return at >= 0 ? at : strings.push(s) - 1;
  };
  const flatNodes: number[] = [];
  const flatEdges: number[] = [];
  nodes.forEach((node, k) => {
    const values: Record<string, number> = {
      type: NODE_TYPES.indexOf(node.type),
      name: str(node.name),
      id: node.id ?? 1 + 2 * k,
      self_size: node.size ?? 0,
      edge_count: node.edges?.length ?? 0,
      trace_node_id: 0,
      detachedness: 0,
    };
    if (values['type']! < 0) throw new Error(`unknown node type ${node.type}`);
    for (const f of nodeFields) flatNodes.push(values[f] ?? 0);
    for (const e of node.edges ?? []) {
      const type = EDGE_TYPES.indexOf(e.type);
      if (type < 0) throw new Error(`unknown edge type ${e.type}`);
      flatEdges.push(type, typeof e.name === 'number' ? e.name : str(e.name), e.to * nodeFields.length);
    }
  });
  const parts: Record<string, unknown> = {
    snapshot: {
      meta: {
        node_fields: nodeFields,
        node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
        location_fields: ['object_index', 'script_id', 'line', 'column'],
      },
      node_count: nodes.length,
      edge_count: flatEdges.length / 3,
    },
    nodes: flatNodes,
    edges: flatEdges,
    locations: [],
    strings,
    ...options.extra,
  };
  const keys = options.keyOrder ?? Object.keys(parts);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(parts[k])}`).join(',\n')}}`;
}

/** Parses snapshot text as if streamed in chunks of `chunkBytes`. */
export function parseText(text: string | Buffer, chunkBytes = 1 << 20, source = 'tiny.heapsnapshot'): Promise<HeapGraph> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
  }
  return parseSnapshotChunks(chunks(), source);
}

/** Parses a tiny snapshot made by {@link tinySnapshot}. */
export function parseTiny(nodes: readonly TinyNode[], options: TinyOptions = {}): Promise<HeapGraph> {
  return parseText(tinySnapshot(nodes, options));
}
