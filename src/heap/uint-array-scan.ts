import type { ByteReader } from './byte-reader.js';
import { UINT32_OVERFLOW } from './graph.js';
import { InputEnded, badAt, expectByte } from './json-scan.js';

/** A growable Uint32Array being filled by {@link readUintArray}; values above 2^32-1 are kept aside by position. */
export class UintSink {
  values: Uint32Array;
  length = 0;
  readonly overflow = new Map<number, number>();
  // Scanner state carried from one chunk to the next.
  value = 0; // digits so far of a number cut by the chunk's end
  inNumber = false;
  wantValue = true; // after '[' or ','
  done = false;
  /** What was expected where the scan stopped on a bad byte. */
  expected: string | undefined;

  /** Values of dropped fields seen so far (see `keep`). */
  skipped = 0;
  /** Field of the next value, when `keep` is set. */
  field = 0;

  /**
   * `keep`, when given, has one entry per field of a record (1: store it, 0: drop it): `nodes`
   * drops the fields the graph never reads (trace_node_id, detachedness), 2 of V8's 7 — 23 MiB at
   * 2.9 M nodes, at `inspect`'s memory peak.
   */
  constructor(expected: number, readonly keep: Uint8Array | null = null) {
    this.values = new Uint32Array(Math.max(expected, 1024));
  }

  /** The filled part; copies only when the guess was too big, so the spare room is freed. */
  result(): Uint32Array {
    return this.length === this.values.length ? this.values : this.values.slice(0, this.length);
  }
}

/** Reads `[n, n, …]` of non-negative integers into `sink`, one chunk at a time. */
export async function readUintArray(r: ByteReader, sink: UintSink): Promise<void> {
  await expectByte(r, 0x5b, "'['");
  for (;;) {
    r.pos = scanUints(sink, r.buf, r.pos);
    if (sink.done) return;
    if (sink.expected !== undefined) throw badAt(r, r.pos, sink.expected);
    if (!(await r.fill())) throw new InputEnded(sink.length + sink.skipped); // counts complete values only
  }
}

/**
 * The hot loop of the parser, kept synchronous and per chunk so V8 optimizes it (a loop
 * inside an async function resumed after each await would not be). Returns where it
 * stopped: after the closing ']' (sink.done), at a bad byte (sink.expected), or at the end.
 */
function scanUints(sink: UintSink, buf: Uint8Array, from: number): number {
  const len = buf.length;
  let i = from;
  let wantValue = sink.wantValue;
  let c = 0;
  if (sink.inNumber) {
    // Finish the number the previous chunk ended in.
    let v = sink.value;
    while (i < len && (c = buf[i]!) >= 0x30 && c <= 0x39) {
      v = v * 10 + (c - 0x30);
      i++;
    }
    sink.value = v;
    if (i === len) return i;
    sink.inNumber = false;
    store(sink, v);
  }
  let values = sink.values;
  let n = sink.length;
  let stop = false;
  // With fields to drop every value takes the slow path, which knows the field.
  const direct = sink.keep === null;
  while (i < len) {
    c = buf[i]!;
    if (c >= 0x30 && c <= 0x39) {
      if (!wantValue) {
        sink.expected = "',' or ']'";
        break;
      }
      let v = c - 0x30;
      while (++i < len && (c = buf[i]!) >= 0x30 && c <= 0x39) v = v * 10 + (c - 0x30);
      if (i === len) {
        sink.inNumber = true;
        sink.value = v;
        wantValue = false;
        break;
      }
      if (!direct || n === values.length || v > UINT32_OVERFLOW - 1) {
        sink.length = n;
        store(sink, v);
        values = sink.values;
        n = sink.length;
      } else values[n++] = v;
      wantValue = false;
    }
    if (c === 0x2c) {
      if (wantValue) {
        sink.expected = 'a number';
        break;
      }
      wantValue = true;
    } else if (c === 0x5d) {
      if (wantValue && n > 0) {
        sink.expected = 'a number';
        break;
      }
      stop = true;
      i++;
      break;
    } else if (c !== 0x0a && c !== 0x20 && c !== 0x0d && c !== 0x09) {
      sink.expected = wantValue ? 'a non-negative integer' : "',' or ']'";
      break;
    }
    i++;
  }
  sink.length = n;
  sink.wantValue = wantValue;
  sink.done = stop;
  return i;
}

/** The slow path of storing: drops an unwanted field, grows the array, or keeps a value too big for 32 bits aside. */
function store(sink: UintSink, v: number): void {
  const keep = sink.keep;
  if (keep !== null) {
    const kept = keep[sink.field] === 1;
    sink.field = sink.field + 1 === keep.length ? 0 : sink.field + 1;
    if (!kept) {
      sink.skipped++;
      return;
    }
  }
  if (sink.length === sink.values.length) {
    const bigger = new Uint32Array(sink.values.length * 2);
    bigger.set(sink.values);
    sink.values = bigger;
  }
  if (v > UINT32_OVERFLOW - 1) {
    sink.overflow.set(sink.length, v);
    v = UINT32_OVERFLOW;
  }
  sink.values[sink.length++] = v;
}
