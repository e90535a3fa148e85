/**
 * The parser's hot loop: `[n, n, …]` of integers straight into a growable Uint32Array.
 * Byte reads are `as number`: `i < len` is checked by the loop itself, which the type checker
 * cannot see; a `?? 0` would be one more branch per byte of a file of hundreds of megabytes.
 */
import type { ByteReader } from './byte-reader.js';
import { UINT32_OVERFLOW } from './graph.js';
import { InputEnded, badAt, expectByte } from './json-scan.js';

/** What a UintSink does with one field of each record (see its `keep`). */
export const DROP_FIELD = 0;
export const KEEP_FIELD = 1;
export const BYTE_FIELD = 2;

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

  /** Values seen so far that did not go into `values` (dropped, or into `bytes`; see `keep`). */
  skipped = 0;
  /** Field of the next value, when `keep` is set. */
  field = 0;
  /** The values of the BYTE_FIELD field, one byte each (capped at 255). */
  bytes: Uint8Array;
  bytesLength = 0;

  /**
   * `keep`, when given, has one entry per field of a record: KEEP_FIELD stores it in `values`,
   * DROP_FIELD drops it, BYTE_FIELD stores it in `bytes`. `nodes` drops the fields the graph
   * never reads (trace_node_id, detachedness: 23 MiB at 2.9 M nodes) and `edges` keeps its small
   * type field in bytes (25 MiB at 8.6 M edges), both held through `inspect`'s memory peak.
   * `expectedBytes` pre-sizes `bytes`.
   */
  /** Fields of a record that go to `values` (see `keep`). */
  readonly keptPerRecord: number;
  /** `keep` is V8's edge layout (type as a byte, name_or_index, to_node): scanEdgeRecords reads it. */
  readonly edgeLayout: boolean;
  /**
   * `keep` keeps the first keptPerRecord fields and drops the rest, as the parser's `nodes`, or
   * is null (`locations`: records of one kept value): scanKeptFirstRecords reads it.
   */
  readonly keptFirst: boolean;

  constructor(expected: number, readonly keep: Uint8Array | null = null, expectedBytes = 0) {
    this.keptPerRecord = keep === null ? 1 : countFields(keep, KEEP_FIELD);
    this.edgeLayout = keep !== null && keep.length === 3 && keep[0] === BYTE_FIELD && keep[1] === KEEP_FIELD && keep[2] === KEEP_FIELD;
    const kept = this.keptPerRecord;
    this.keptFirst = keep === null || keep.every((how, f) => how === (f < kept ? KEEP_FIELD : DROP_FIELD));
    this.values = new Uint32Array(Math.max(expected, 1024));
    this.bytes = new Uint8Array(keep?.includes(BYTE_FIELD) ? Math.max(expectedBytes, 1024) : 0);
  }

  /** The filled part; copies only when the guess was too big, so the spare room is freed. */
  result(): Uint32Array {
    return this.length === this.values.length ? this.values : this.values.slice(0, this.length);
  }

  /** The filled part of `bytes`. */
  bytesResult(): Uint8Array {
    return this.bytesLength === this.bytes.length ? this.bytes : this.bytes.slice(0, this.bytesLength);
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
 * Skips `[n, n, …]` up to its `]` without reading the numbers (another thread reads them), at
 * the speed of Buffer.indexOf: an array of integers holds no nested `]`.
 */
export async function skipUintArray(r: ByteReader): Promise<void> {
  await expectByte(r, 0x5b, "'['");
  for (;;) {
    const end = r.buf.indexOf(0x5d, r.pos);
    if (end >= 0) {
      r.pos = end + 1;
      return;
    }
    r.pos = r.buf.length;
    if (!(await r.fill())) throw new InputEnded(0);
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
  let c = 0;
  if (sink.inNumber) {
    // Finish the number the previous chunk ended in.
    let v = sink.value;
    while (i < len && (c = buf[i] as number) >= 0x30 && c <= 0x39) {
      v = v * 10 + (c - 0x30);
      i++;
    }
    sink.value = v;
    if (i === len) return i;
    sink.inNumber = false;
    store(sink, v);
  }
  // `safe` is just past the chunk's last non-digit, so a number that starts before it also ends
  // before it: the digit loop needs no bounds check (one branch less per byte of the file). The
  // digits after it, a number the chunk's end cuts, are left to scanCut.
  let safe = len;
  while (safe > i && ((buf[safe - 1] as number) - 0x30) >>> 0 < 10) safe--;
  i = scanWhole(sink, buf, i, safe);
  if (sink.done || sink.expected !== undefined || i < safe) return i;
  return scanCut(sink, buf, i);
}

/** Scans up to `safe` (see scanUints), where every number ends before the byte at safe - 1. */
function scanWhole(sink: UintSink, buf: Uint8Array, from: number, safe: number): number {
  let i = from;
  let wantValue = sink.wantValue;
  let c = 0;
  let values = sink.values;
  let n = sink.length;
  // With a record layout (keep), each value goes where its field says; kept in locals, as the
  // plain path is, because every value of `nodes` and `edges` passes here.
  const keep = sink.keep;
  const fields = keep === null ? 1 : keep.length;
  let field = sink.field;
  let bytes = sink.bytes;
  let nb = sink.bytesLength;
  let skipped = sink.skipped;
  let stop = false;
  while (i < safe) {
    c = buf[i] as number;
    // One unsigned compare for "is a digit": this test runs on every byte of the file.
    let d = (c - 0x30) >>> 0;
    if (d < 10 && wantValue && field === 0 && (sink.edgeLayout || sink.keptFirst)) {
      sink.length = n;
      sink.bytesLength = nb;
      sink.skipped = skipped;
      // Whole records at a time where the layout has a fast path; the loop here reads the rest.
      const after = sink.edgeLayout ? scanEdgeRecords(sink, buf, i, safe) : scanKeptFirstRecords(sink, buf, i, safe, fields);
      n = sink.length;
      nb = sink.bytesLength;
      skipped = sink.skipped;
      if (after !== i) {
        i = after;
        if (i >= safe) break;
        c = buf[i] as number;
        d = (c - 0x30) >>> 0;
        // After a record: a comma was consumed (a value is due) unless the fast path stopped right after a value.
        wantValue = (buf[i - 1] as number) === 0x2c;
      }
    }
    if (d < 10) {
      if (!wantValue) {
        sink.expected = "',' or ']'";
        break;
      }
      let v = d;
      // Ends before `safe` (see scanUints): buf[i] is always in range here.
      while ((d = ((c = buf[++i] as number) - 0x30) >>> 0) < 10) v = v * 10 + d;
      const how = keep === null ? KEEP_FIELD : (keep[field] as number);
      if (++field === fields) field = 0;
      if (how === KEEP_FIELD) {
        if (n === values.length || v > UINT32_OVERFLOW - 1) {
          sink.length = n;
          storeValue(sink, v);
          values = sink.values;
          n = sink.length;
        } else values[n++] = v;
      } else {
        if (how === BYTE_FIELD) {
          if (nb === bytes.length) {
            sink.bytesLength = nb;
            growBytes(sink);
            bytes = sink.bytes;
          }
          bytes[nb++] = v > 255 ? 255 : v;
        }
        skipped++;
      }
      // The common case first: a comma right after the number (V8 writes no spaces).
      if (c === 0x2c) {
        i++;
        continue;
      }
      wantValue = false;
    }
    if (c === 0x2c) {
      if (wantValue) {
        sink.expected = 'a number';
        break;
      }
      wantValue = true;
    } else if (c === 0x5d) {
      if (wantValue && n + skipped > 0) {
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
  sink.field = field;
  sink.bytesLength = nb;
  sink.skipped = skipped;
  sink.wantValue = wantValue;
  sink.done = stop;
  return i;
}


/**
 * scanKeptFirstRecords for V8's edge layout (type into `bytes`, name_or_index, to_node), its three
 * fields written out one after another: `edges` is the largest array of a snapshot (74 of 129 MiB)
 * and the edges worker's scan of it is what the main thread waits for; written out, it takes ~0.7×
 * the time of a loop over the fields that tests `keep` per value.
 */
function scanEdgeRecords(sink: UintSink, buf: Uint8Array, from: number, safe: number): number {
  const values = sink.values;
  const bytes = sink.bytes;
  const valuesEnd = values.length - 2;
  const bytesEnd = bytes.length - 1;
  let n = sink.length;
  let nb = sink.bytesLength;
  let records = 0;
  let i = from;
  let c = 0;
  let d = 0;
  // Ends of numbers need no bounds check: each starts before `safe` (see scanUints).
  while (n <= valuesEnd && nb <= bytesEnd) {
    const recordAt = i;
    if (i >= safe || (d = ((buf[i] as number) - 0x30) >>> 0) >= 10) break;
    let v = d;
    while ((d = ((c = buf[++i] as number) - 0x30) >>> 0) < 10) v = v * 10 + d;
    if (c !== 0x2c) {
      i = recordAt;
      break;
    }
    const type = v > 255 ? 255 : v;
    if (++i >= safe || (d = ((buf[i] as number) - 0x30) >>> 0) >= 10) {
      i = recordAt;
      break;
    }
    v = d;
    while ((d = ((c = buf[++i] as number) - 0x30) >>> 0) < 10) v = v * 10 + d;
    if (c !== 0x2c || v > UINT32_OVERFLOW - 1) {
      i = recordAt;
      break;
    }
    const name = v;
    if (++i >= safe || (d = ((buf[i] as number) - 0x30) >>> 0) >= 10) {
      i = recordAt;
      break;
    }
    v = d;
    while ((d = ((c = buf[++i] as number) - 0x30) >>> 0) < 10) v = v * 10 + d;
    if (v > UINT32_OVERFLOW - 1) {
      i = recordAt;
      break;
    }
    bytes[nb++] = type;
    values[n++] = name;
    values[n++] = v;
    records++;
    if (c === 0x2c) i++;
    else if (c === 0x0a && i + 1 < safe && buf[i + 1] === 0x2c) i += 2;
    else break;
  }
  sink.length = n;
  sink.bytesLength = nb;
  sink.skipped += records;
  return i;
}

/**
 * The fast path of scanWhole for layouts that keep the first fields and drop the others, as the
 * parser's `nodes` (type, name, id, self_size, edge_count kept; trace_node_id, detachedness
 * dropped): whole records of `v,v,…,v` with room to store them, one field after another without
 * the per-value state of scanWhole's loop (2–3× its speed). Stops before anything else (a space,
 * a kept value above 32 bits, the end of the safe range, no room), or after a record followed by
 * neither a comma nor V8's newline and comma, and leaves that to scanWhole. Returns where it stopped.
 */
function scanKeptFirstRecords(sink: UintSink, buf: Uint8Array, from: number, safe: number, fields: number): number {
  const kept = sink.keptPerRecord;
  const values = sink.values;
  const valuesEnd = values.length - kept;
  let n = sink.length;
  let records = 0;
  let i = from;
  let c = 0;
  let d = 0;
  records: while (n <= valuesEnd) {
    const recordAt = i;
    for (let f = 0; f < fields; f++) {
      if (i >= safe || (d = ((buf[i] as number) - 0x30) >>> 0) >= 10) {
        i = recordAt;
        break records;
      }
      let v = d;
      // Ends before `safe` (see scanUints): buf[i] is always in range here.
      while ((d = ((c = buf[++i] as number) - 0x30) >>> 0) < 10) v = v * 10 + d;
      if (f < kept) {
        if (v > UINT32_OVERFLOW - 1) {
          i = recordAt;
          break records;
        }
        values[n + f] = v;
      }
      if (f + 1 < fields) {
        if (c !== 0x2c) {
          i = recordAt;
          break records;
        }
        i++;
      }
    }
    n += kept;
    records++;
    if (c === 0x2c) i++;
    else if (c === 0x0a && i + 1 < safe && buf[i + 1] === 0x2c) i += 2;
    else break;
  }
  sink.length = n;
  sink.skipped += records * (fields - kept);
  return i;
}

/** How many fields of a record `keep` treats as `how`. */
function countFields(keep: Uint8Array, how: number): number {
  let count = 0;
  for (const h of keep) if (h === how) count++;
  return count;
}

/** The digits at the chunk's end (after `safe`): the start of a number the next chunk finishes. */
function scanCut(sink: UintSink, buf: Uint8Array, from: number): number {
  const len = buf.length;
  if (from === len) return from;
  if (!sink.wantValue) {
    sink.expected = "',' or ']'";
    return from;
  }
  let v = 0;
  for (let i = from; i < len; i++) v = v * 10 + ((buf[i] as number) - 0x30);
  sink.value = v;
  sink.inNumber = true;
  sink.wantValue = false;
  return len;
}

/** Stores one value where its field says (the number that a chunk's end had cut). */
function store(sink: UintSink, v: number): void {
  const keep = sink.keep;
  const how = keep === null ? KEEP_FIELD : keep[sink.field];
  if (keep !== null) sink.field = sink.field + 1 === keep.length ? 0 : sink.field + 1;
  if (how === KEEP_FIELD) return storeValue(sink, v);
  if (how === BYTE_FIELD) {
    if (sink.bytesLength === sink.bytes.length) growBytes(sink);
    sink.bytes[sink.bytesLength++] = Math.min(v, 255);
  }
  sink.skipped++;
}

function growBytes(sink: UintSink): void {
  const bigger = new Uint8Array(Math.max(1024, sink.bytes.length * 2));
  bigger.set(sink.bytes);
  sink.bytes = bigger;
}

/** The slow path of storing a kept value: grows the array, or keeps a value too big for 32 bits aside. */
function storeValue(sink: UintSink, v: number): void {
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

/**
 * Runs the scanner over a few records when this module loads, so every path of scanWhole and its
 * record fast paths has type feedback before the first real chunk. Otherwise V8 optimizes the loop in
 * the middle of that chunk, and deoptimizes it where it first leaves the loop (12 deoptimizations
 * in one parse of a 129 MiB file, each followed by a stretch of unoptimized scanning).
 */
function warmUp(): void {
  // A value past 2^31 makes the digit arithmetic a double from the start, as in real self sizes.
  const text = Buffer.from('[1,2,3\n,4,5,3000000000\n,6,7,8,9,10,11]');
  // V8 starts recording type feedback for a function only after its first few calls: hence 16 rounds.
  for (let round = 0; round < 16; round++) warmUpRound(text);
}

function warmUpRound(text: Buffer): void {
  const layouts = [[BYTE_FIELD, KEEP_FIELD, KEEP_FIELD], [KEEP_FIELD, KEEP_FIELD, DROP_FIELD], [KEEP_FIELD, DROP_FIELD, KEEP_FIELD]];
  for (const keep of [...layouts.map((l) => Uint8Array.from(l)), null]) {
    for (const cut of [text.length, 9]) {
      const sink = new UintSink(4, keep, 4);
      let at = scanUints(sink, text.subarray(0, cut), 1);
      if (!sink.done && at === cut) at = scanUints(sink, text.subarray(cut), 0);
    }
  }
}
warmUp();
