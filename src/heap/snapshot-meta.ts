/** The field layout of a snapshot's nodes, edges and locations, read from its `snapshot.meta` header. */
import { SoakError } from '../errors.js';

/** Field layout resolved from `snapshot.meta`, so graphs work whatever order V8 writes the fields in. */
export interface HeapMeta {
  /** The node fields held in the graph's `nodes` (the parser may drop some of the file's). */
  readonly nodeFields: readonly string[];
  /** Node fields in the file: edges' to_node and locations' object_index count in these. */
  readonly fileNodeFieldCount: number;
  readonly edgeFields: readonly string[];
  readonly nodeTypes: readonly string[];
  readonly edgeTypes: readonly string[];
  readonly nodeFieldCount: number;
  readonly edgeFieldCount: number;
  readonly nodeTypeOffset: number;
  readonly nodeNameOffset: number;
  readonly nodeIdOffset: number;
  readonly nodeSelfSizeOffset: number;
  readonly nodeEdgeCountOffset: number;
  /** -1 when the type is not in `edges` but in the graph's own byte array (HeapGraph.edgeTypes). */
  readonly edgeTypeOffset: number;
  readonly edgeNameOffset: number;
  readonly edgeToNodeOffset: number;
  /** Fields per entry of `locations`, and the offsets in it (-1 when the snapshot has no location_fields). */
  readonly locationFieldCount: number;
  readonly locationObjectOffset: number;
  readonly locationScriptOffset: number;
  readonly locationLineOffset: number;
  readonly locationColumnOffset: number;
}

/** The node fields a HeapGraph reads; the parser may drop the others. */
export const NODE_FIELDS_USED: readonly string[] = ['type', 'name', 'id', 'self_size', 'edge_count'];

/**
 * Reads the field layout out of the parsed `snapshot` header. `keptNodeFields`/`keptEdgeFields`:
 * the fields the parser kept in `nodes`/`edges`, in file order, when it dropped or split off some.
 * @throws SoakError `SOAK_SNAPSHOT_INVALID` naming `source` when meta is missing or lacks a field we need.
 */
export function resolveMeta(
  source: string,
  header: unknown,
  keptNodeFields?: readonly string[],
  keptEdgeFields?: readonly string[],
): HeapMeta {
  const invalid = (what: string): SoakError =>
    new SoakError('SOAK_SNAPSHOT_INVALID', `${source}: not a V8 heap snapshot (${what})`);
  const meta = (header as { meta?: unknown } | null)?.meta;
  if (typeof meta !== 'object' || meta === null) throw invalid('no "snapshot.meta" object');
  const m = meta as Record<string, unknown>;
  const names = (key: string, required: readonly string[]): string[] => {
    const v = m[key];
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
      throw invalid(`"snapshot.meta.${key}" should be an array of strings`);
    }
    const missing = required.filter((r) => !v.includes(r));
    if (missing.length) throw invalid(`"snapshot.meta.${key}" lacks ${missing.map((s) => `"${s}"`).join(', ')}`);
    return v as string[];
  };
  const typeNames = (key: string): string[] => {
    const first = (m[key] as unknown[] | undefined)?.[0];
    if (!Array.isArray(first) || !first.every((s) => typeof s === 'string')) {
      throw invalid(`"snapshot.meta.${key}[0]" should be an array of type names`);
    }
    return first as string[];
  };
  const fileNodeFields = names('node_fields', NODE_FIELDS_USED);
  const nodeFields = keptNodeFields ?? fileNodeFields;
  const edgeFields = keptEdgeFields ?? names('edge_fields', ['type', 'name_or_index', 'to_node']);
  const locationFields = Array.isArray(m['location_fields']) ? (m['location_fields'] as unknown[]) : [];
  const loc = (f: string): number => locationFields.indexOf(f);
  const hasLocations = ['object_index', 'script_id', 'line', 'column'].every((f) => loc(f) >= 0);
  return {
    nodeFields,
    fileNodeFieldCount: fileNodeFields.length,
    edgeFields,
    nodeTypes: typeNames('node_types'),
    edgeTypes: typeNames('edge_types'),
    nodeFieldCount: nodeFields.length,
    edgeFieldCount: edgeFields.length,
    nodeTypeOffset: nodeFields.indexOf('type'),
    nodeNameOffset: nodeFields.indexOf('name'),
    nodeIdOffset: nodeFields.indexOf('id'),
    nodeSelfSizeOffset: nodeFields.indexOf('self_size'),
    nodeEdgeCountOffset: nodeFields.indexOf('edge_count'),
    edgeTypeOffset: edgeFields.indexOf('type'),
    edgeNameOffset: edgeFields.indexOf('name_or_index'),
    edgeToNodeOffset: edgeFields.indexOf('to_node'),
    locationFieldCount: hasLocations ? locationFields.length : 0,
    locationObjectOffset: loc('object_index'),
    locationScriptOffset: loc('script_id'),
    locationLineOffset: loc('line'),
    locationColumnOffset: loc('column'),
  };
}
