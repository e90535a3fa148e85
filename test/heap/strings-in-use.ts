/**
 * What the parser's `strings` should hold for a snapshot read with JSON.parse: every string a
 * node other than a string, or a named edge, uses; '' for the rest (string contents, never shown,
 * are not decoded). Written independently of src/heap/parse.ts, straight from the file's meta.
 */
interface SnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export function expectedStrings(json: SnapshotJson): string[] {
  const { meta } = json.snapshot;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nodeType = meta.node_fields.indexOf('type');
  const nodeName = meta.node_fields.indexOf('name');
  const edgeType = meta.edge_fields.indexOf('type');
  const edgeName = meta.edge_fields.indexOf('name_or_index');
  const used = new Set<number>();
  for (let at = 0; at < json.nodes.length; at += nf) {
    const type = meta.node_types[0][json.nodes[at + nodeType]!];
    if (!['string', 'concatenated string', 'sliced string'].includes(type ?? '')) used.add(json.nodes[at + nodeName]!);
  }
  for (let at = 0; at < json.edges.length; at += ef) {
    const type = meta.edge_types[0][json.edges[at + edgeType]!];
    if (!['element', 'hidden'].includes(type ?? '')) used.add(json.edges[at + edgeName]!);
  }
  return json.strings.map((text, i) => (used.has(i) ? text : ''));
}
