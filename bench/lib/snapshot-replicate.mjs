/**
 * Makes a big, valid V8 .heapsnapshot out of a real one: the real snapshot's node graph written
 * `copies` times into one file, as if the process had held `copies` independent heaps of the same
 * shape. Why: V8's writer costs the process ~18× its heap in extra RSS, so a real 2 GB snapshot
 * (~850 MB of small objects) needs ~16 GiB more than this shared machine can give; a replicated
 * one has the same kinds of objects, fields and edges, only more of them.
 *
 * The output, in V8's own layout (one record a line, sections in V8's order):
 * - node 0, the synthetic root, once, with every copy's root edges (each copy's "(GC roots)" and
 *   global objects hang under it, as several contexts' do);
 * - nodes 1…N−1 of the original once per copy, everything but the id unchanged. V8's own objects
 *   have odd ids, given in sequence: offset by `copy × idStride` (even, above the highest odd id).
 *   Embedder (native) objects have even ids made from hashes of their addresses, far apart (here
 *   1.4e9–2.7e9, 128 or more between two): offset by `2 × copy`, which keeps them even and apart
 *   (checked);
 * - edges and locations per copy, with node indices offset into that copy;
 * - one strings table, shared: every copy names its nodes and edges with the original's strings
 *   (a real snapshot of a bigger heap would carry more string contents, the parser's lightest
 *   part). Except edge names that hold node ids (`… pair in WeakMap (table @<id>)`: DevTools and
 *   ws-soak match that id to decide what retains): each copy gets its own, appended, ids offset.
 * Nodes: 1 + copies × (N − 1); edges: copies × E. Streamed both ways: the input is read in
 * READ_BYTES chunks once per copy, the output written in WRITE_BYTES chunks; nothing holds more
 * but the strings table (JSON.parse of it, to find the names with ids in them).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { Out, copyRecords, locate, readBytes, readRange } from './snapshot-sections.mjs';

/** A node id inside a string: V8 writes `@<id>` in the names of WeakMap entries' edges. */
const ID_IN_NAME = /@(\d+)/g;
const HAS_ID = /@\d+/;
/** Node indices in edges and locations are 32-bit in every reader we know of. */
const MAX_INDEX = 2 ** 32 - 1;

/** Replicates `input` into `output` (mode 0600): see the module comment. Returns what it wrote. */
export function replicateSnapshot(input, output, { copies, idStride }) {
  if (!(Number.isInteger(copies) && copies >= 1)) throw new Error(`copies must be a positive integer, got ${copies}`);
  const fd = openSync(input, 'r');
  const outFd = openSync(output, 'w', 0o600);
  try {
    const { header, sections } = locate(fd, fstatSync(fd).size);
    const meta = header.meta;
    const nf = meta.node_fields.length;
    const ef = meta.edge_fields.length;
    const lf = meta.location_fields?.length ?? 0;
    const idAt = meta.node_fields.indexOf('id');
    const edgeCountAt = meta.node_fields.indexOf('edge_count');
    const toNodeAt = meta.edge_fields.indexOf('to_node');
    const edgeTypeAt = meta.edge_fields.indexOf('type');
    const edgeNameAt = meta.edge_fields.indexOf('name_or_index');
    const objectAt = meta.location_fields?.indexOf('object_index') ?? -1;
    const numbered = new Set(['element', 'hidden'].map((t) => meta.edge_types[0].indexOf(t)));
    const section = (key) => sections.find((s) => s.key === key);
    const nodes = section('nodes');
    const edges = section('edges');
    if (!nodes || !edges || !section('strings')) throw new Error(`${input}: no "nodes", "edges" or "strings" array`);

    // A first pass over the nodes: how many, the root's edges, the highest odd (sequence) id, the even ones.
    let rootEdges = -1;
    let maxId = 0;
    const addressIds = [];
    const nodeCount = copyRecords(fd, nodes, nf, {
      out: { records: 0, ascii() {}, uint() {} },
      transform: (r) => {
        if (rootEdges < 0) rootEdges = r[edgeCountAt];
        if (r[idAt] % 2 === 0) addressIds.push(r[idAt]);
        else if (r[idAt] > maxId) maxId = r[idAt];
      },
    });
    if (nodeCount !== header.node_count) throw new Error(`${input}: "nodes" holds ${nodeCount} records, the header says ${header.node_count}`);
    const stride = idStride ?? 2 * Math.ceil((maxId + 1) / 2);
    if (stride % 2 !== 0 || stride <= maxId) throw new Error(`idStride must be even and above the highest id (${maxId}), got ${stride}`);
    const shift = (nodeCount - 1) * nf; // node index offset of one copy, in values
    if ((1 + copies * (nodeCount - 1)) * nf > MAX_INDEX || maxId + (copies - 1) * stride > MAX_INDEX) {
      throw new Error(`${copies} copies of ${nodeCount} nodes (ids to ${maxId}) do not fit 32-bit node indices and ids`);
    }
    const mapped = new Set(addressIds.flatMap((id) => Array.from({ length: copies }, (_, c) => id + 2 * c)));
    if (mapped.size !== addressIds.length * copies || addressIds.some((id) => id + 2 * copies > MAX_INDEX)) {
      throw new Error(`${copies} copies: the embedder objects' ids would collide (they are too close together)`);
    }
    const newId = (id, c) => (id % 2 === 0 ? id + 2 * c : id + c * stride);
    const edgeCount = header.edge_count;
    const out = new Out(outFd);
    out.ascii(
      `{"snapshot":${JSON.stringify({ ...header, node_count: 1 + copies * (nodeCount - 1), edge_count: copies * edgeCount })}`,
    );
    out.ascii(',\n"nodes":[');
    out.records = 0;
    copyRecords(fd, nodes, nf, { to: 1, out, transform: (r) => (r[edgeCountAt] = copies * rootEdges) });
    for (let c = 0; c < copies; c++) {
      copyRecords(fd, nodes, nf, { from: 1, out, transform: (r) => (r[idAt] = newId(r[idAt], c)) });
    }
    out.ascii('\n]');
    const toCopy = (c) => (index) => (index === 0 ? 0 : index + c * shift);
    // Names with ids in them: copy c ≥ 1 gets its own, appended after the original's strings.
    const strings = JSON.parse(readBytes(fd, section('strings')).toString('utf8'));
    const withIds = strings.flatMap((text, i) => (HAS_ID.test(text) ? [i] : []));
    const ownName = new Map(withIds.map((index, j) => [index, j]));
    const appended = [];
    for (let c = 1; c < copies; c++) {
      for (const i of withIds) appended.push(strings[i].replace(ID_IN_NAME, (_, id) => `@${newId(Number(id), c)}`));
    }
    const edgeWriter = (c) => {
      const map = toCopy(c);
      const base = strings.length + (c - 1) * withIds.length;
      return (r) => {
        r[toNodeAt] = map(r[toNodeAt]);
        const j = c > 0 && !numbered.has(r[edgeTypeAt]) ? ownName.get(r[edgeNameAt]) : undefined;
        if (j !== undefined) r[edgeNameAt] = base + j;
      };
    };
    for (const { key, start, end } of sections.filter((s) => s.key !== 'nodes')) {
      out.ascii(`,\n"${key}":`);
      if (key === 'edges') {
        out.ascii('[');
        out.records = 0;
        // The root's edges first (it is node 0), every copy's, their element indices kept distinct.
        for (let c = 0; c < copies; c++) {
          const write = edgeWriter(c);
          const transform = (r) => {
            write(r);
            if (numbered.has(r[edgeTypeAt])) r[edgeNameAt] += c * rootEdges;
          };
          copyRecords(fd, edges, ef, { to: rootEdges, out, transform });
        }
        for (let c = 0; c < copies; c++) {
          const n = copyRecords(fd, edges, ef, { from: rootEdges, out, transform: edgeWriter(c) });
          if (n !== edgeCount) throw new Error(`${input}: "edges" holds ${n} records, the header says ${edgeCount}`);
        }
        out.ascii('\n]');
      } else if (key === 'locations' && lf > 0 && objectAt >= 0 && end - start > 2) {
        out.ascii('[');
        out.records = 0;
        for (let c = 0; c < copies; c++) {
          const map = toCopy(c);
          copyRecords(fd, { key, start, end }, lf, { out, transform: (r) => (r[objectAt] = map(r[objectAt])) });
        }
        out.ascii('\n]');
      } else if (key === 'strings' && appended.length) {
        out.flush();
        readRange(fd, start, end - 1, (chunk) => out.raw(chunk));
        for (const text of appended) out.raw(Buffer.from(`,\n${JSON.stringify(text)}`, 'utf8'));
        out.ascii(']');
      } else {
        out.flush();
        readRange(fd, start, end, (chunk) => out.raw(chunk));
      }
    }
    out.ascii('}');
    out.flush();
    return { copies, idStride: stride, maxId, nodes: 1 + copies * (nodeCount - 1), edges: copies * edgeCount, bytes: out.bytes, original: { nodes: nodeCount, edges: edgeCount, rootEdges } };
  } finally {
    closeSync(fd);
    closeSync(outFd);
  }
}
