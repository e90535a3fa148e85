/**
 * Reading and writing the sections of a V8 .heapsnapshot as streams, for bench/lib/snapshot-replicate.mjs:
 * where each top-level value lies in the file, its number arrays record by record, buffered output
 * in V8's layout. Nothing here holds more than one read or write buffer, but readBytes (for the
 * strings table, ~5% of a snapshot).
 */
import { readSync, writeSync } from 'node:fs';

const READ_BYTES = 8 * 1024 * 1024;
const WRITE_BYTES = 8 * 1024 * 1024;
/** The `snapshot` header is a few KB; more means the file is not a V8 snapshot. */
const HEADER_MAX_BYTES = 1024 * 1024;

/** Buffered writes to a file descriptor. */
export class Out {
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
export function readRange(fd, start, end, each) {
  const buf = Buffer.allocUnsafe(READ_BYTES);
  for (let at = start; at < end; ) {
    const n = readSync(fd, buf, 0, Math.min(READ_BYTES, end - at), at);
    if (n === 0) throw new Error(`file ended at byte ${at}, expected ${end}`);
    each(buf.subarray(0, n));
    at += n;
  }
}

/** The bytes of one section, whole: only for the strings table (5% of a V8 snapshot). */
export function readBytes(fd, { start, end }) {
  const buf = Buffer.allocUnsafe(end - start);
  readSync(fd, buf, 0, buf.length, start);
  return buf;
}

/**
 * Where each top-level value is: `{ header, sections: [{ key, start, end }] }`, start at the
 * value's first byte, end after its last. Only `snapshot` (an object) and `strings` hold quotes;
 * the other values are arrays of numbers, nested in `trace_tree`.
 */
export function locate(fd, size) {
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
export function copyRecords(fd, section, fields, { from = 0, to = Infinity, transform, out }) {
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
