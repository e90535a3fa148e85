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
 * - one strings table, shared: every copy names its nodes and edges with the original's strings.
 *   So per byte of file there are more nodes and edges than in a real snapshot (whose string
 *   contents would be `copies` times longer), which makes a parser's RSS per file byte read high.
 * Nodes: 1 + copies × (N − 1); edges: copies × E. Streamed both ways: the input is read in
 * READ_BYTES chunks once per copy, the output written in WRITE_BYTES chunks; nothing holds more.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

const READ_BYTES = 8 * 1024 * 1024;
const WRITE_BYTES = 8 * 1024 * 1024;
/** The `snapshot` header is a few KB; more means the file is not a V8 snapshot. */
const HEADER_MAX_BYTES = 1024 * 1024;
/** Node indices in edges and locations are 32-bit in every reader we know of. */
const MAX_INDEX = 2 ** 32 - 1;

/** Buffered writes to a file descriptor. */
class Out {
  constructor(fd) {
    this.fd = fd;
    this.buf = Buffer.allocUnsafe(WRITE_BYTES);
    this.pos = 0;
    this.bytes = 0;
    /** Records written in the current array: V8 puts '\n,' before every one but the first. */
    this.records = 0;
  }
  room(n) {
    if (this.pos + n > this.buf.length) this.flush();
  }
  ascii(text) {
    this.room(text.length);
    this.pos += this.buf.write(text, this.pos, 'latin1');
  }
  raw(chunk) {
    this.flush();
    writeSync(this.fd, chunk);
    this.bytes += chunk.length;
  }
  /** A non-negative integer as decimal digits. */
  uint(v) {
    this.room(20);
    if (v < 10) {
      this.buf[this.pos++] = 48 + v;
      return;
    }
    const text = String(v);
    for (let i = 0; i < text.length; i++) this.buf[this.pos++] = text.charCodeAt(i);
  }
  flush() {
    if (this.pos === 0) return;
    writeSync(this.fd, this.buf, 0, this.pos);
    this.bytes += this.pos;
    this.pos = 0;
  }
}

/** Calls `each(chunk)` for the bytes [start, end) of `fd`, READ_BYTES at a time. */
function readRange(fd, start, end, each) {
  const buf = Buffer.allocUnsafe(READ_BYTES);
  for (let at = start; at < end; ) {
    const n = readSync(fd, buf, 0, Math.min(READ_BYTES, end - at), at);
    if (n === 0) throw new Error(`file ended at byte ${at}, expected ${end}`);
    each(buf.subarray(0, n));
    at += n;
  }
}

/**
 * Where each top-level value is: `{ header, sections: [{ key, start, end }] }`, start at the
 * value's first byte, end after its last. Only `snapshot` (an object) and `strings` hold quotes;
 * the other values are arrays of numbers, nested in `trace_tree`.
 */
function locate(fd, size) {
  const head = Buffer.allocUnsafe(Math.min(size, HEADER_MAX_BYTES));
  readSync(fd, head, 0, head.length, 0);
  const lead = head.toString('latin1', 0, 12);
  if (lead !== '{"snapshot":') throw new Error(`not a V8 heap snapshot: starts with ${JSON.stringify(lead)}`);
  let depth = 0;
  let inString = false;
  let i = 12;
  for (; i < head.length; i++) {
    const b = head[i];
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b) depth++;
    else if (b === 0x7d && --depth === 0) break;
  }
  if (depth !== 0) throw new Error(`the "snapshot" header is not closed in the first ${head.length} bytes`);
  const header = JSON.parse(head.toString('utf8', 12, i + 1));
  const sections = [];
  let at = i + 1;
  const keyRe = /^\s*,\s*"([a-z_]+)":/;
  while (true) {
    const probe = Buffer.allocUnsafe(64);
    const got = readSync(fd, probe, 0, 64, at);
    const text = probe.toString('latin1', 0, got);
    if (/^\s*\}\s*$/.test(text)) break;
    const m = keyRe.exec(text);
    if (!m) throw new Error(`unexpected ${JSON.stringify(text.slice(0, 20))} at byte ${at}`);
    const start = at + m[0].length;
    const end = valueEnd(fd, start, size, m[1] === 'strings');
    sections.push({ key: m[1], start, end });
    at = end;
  }
  return { header, sections };
}

/** The byte after the array that starts at `start` (quote-aware only for `strings`). */
function valueEnd(fd, start, size, quoted) {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let at = start;
  let end = -1;
  readRange(fd, start, size, (chunk) => {
    if (end >= 0) return;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === 0x5c) escaped = true;
        else if (b === 0x22) inString = false;
      } else if (b === 0x22) {
        if (!quoted) throw new Error(`unexpected '"' at byte ${at + i} in an array of numbers`);
        inString = true;
      } else if (b === 0x5b) depth++;
      else if (b === 0x5d && --depth === 0) {
        end = at + i + 1;
        return;
      }
    }
    at += chunk.length;
  });
  if (end < 0) throw new Error(`the array at byte ${start} is not closed`);
  return end;
}

/**
 * Streams the records (`fields` numbers each) of the array at [start, end), from record `from` to
 * record `to` (exclusive), through `transform(record)` (in place) into `out`, in V8's layout.
 * Returns the number of records in the whole array.
 */
function copyRecords(fd, section, fields, { from = 0, to = Infinity, transform, out }) {
  const rec = new Float64Array(fields);
  let f = 0;
  let n = 0;
  let value = 0;
  let inNumber = false;
  const emit = () => {
    if (n >= from && n < to) {
      transform(rec);
      if (out.records++) out.ascii('\n,');
      for (let i = 0; i < fields; i++) {
        if (i) out.ascii(',');
        out.uint(rec[i]);
      }
    }
    n++;
  };
  readRange(fd, section.start + 1, section.end - 1, (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b >= 0x30 && b <= 0x39) {
        value = value * 10 + (b - 0x30);
        inNumber = true;
      } else if (b === 0x2c || b === 0x0a || b === 0x20 || b === 0x0d) {
        if (inNumber) {
          rec[f] = value;
          value = 0;
          inNumber = false;
          if (++f === fields) {
            f = 0;
            emit();
          }
        }
      } else throw new Error(`unexpected byte ${b} in "${section.key}" (only unsigned integers are expected)`);
    }
  });
  if (inNumber) {
    rec[f] = value;
    if (++f === fields) {
      f = 0;
      emit();
    }
  }
  if (f !== 0) throw new Error(`"${section.key}" does not hold whole records of ${fields} fields`);
  return n;
}

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
    const edgeWriter = (c) => {
      const map = toCopy(c);
      return (r) => {
        r[toNodeAt] = map(r[toNodeAt]);
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
