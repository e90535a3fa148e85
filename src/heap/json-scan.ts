/**
 * Low-level JSON scanning over a {@link ByteReader}: strings, string arrays, skipping values.
 * Errors are thrown as InputEnded / BadInput; parse.ts turns them into SoakErrors with the path.
 * Byte reads are `as number` where the loop has just checked the index against the chunk's length.
 */
import { ByteReader, describeByte } from './byte-reader.js';

/** The input ended in the middle of a value; `values` says how far into an array we got. */
export class InputEnded extends Error {
  constructor(readonly values: number) {
    super('input ended');
  }
}

/** The input is not the JSON we expect at `offset`. */
export class BadInput extends Error {
  constructor(
    readonly offset: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** "expected X at byte N, found Y" for byte `c` at the reader's position. */
export function bad(r: ByteReader, c: number, expected: string): BadInput {
  return new BadInput(r.offset, `expected ${expected} at byte ${r.offset}, found ${describeByte(c)}`);
}

/** Like {@link bad} for the byte at index `i` of the current chunk (the reader is moved there). */
export function badAt(r: ByteReader, i: number, expected: string): BadInput {
  r.pos = i;
  return bad(r, r.buf[i] ?? -1, expected);
}

/** Consumes one expected byte (after whitespace). */
export async function expectByte(r: ByteReader, byte: number, expected: string): Promise<void> {
  const c = await r.peek();
  if (c < 0) throw new InputEnded(0);
  if (c !== byte) throw bad(r, c, expected);
  r.pos++;
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const ESCAPES: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };

/** Reads one byte, refilling if needed. */
async function nextByte(r: ByteReader, values: number): Promise<number> {
  if (r.pos >= r.buf.length && !(await r.fill())) throw new InputEnded(values);
  const c = r.buf[r.pos++];
  if (c === undefined) throw new InputEnded(values);
  return c;
}

/**
 * Reads a JSON string. Raw UTF-8 runs are decoded whole (so a character split across
 * chunks survives); `\uXXXX` escapes are appended as UTF-16 code units, so surrogate
 * pairs join up and lone surrogates are kept as V8 wrote them.
 * `values` is only used to report how far an enclosing array got if the input ends.
 */
export async function readString(r: ByteReader, values = 0): Promise<string> {
  await expectByte(r, QUOTE, 'a string');
  let text = '';
  // Raw bytes of the current run that began in an earlier chunk: copies, since a chunk's memory
  // may be read into again once the next is asked for (file-chunks.ts).
  let pending: Buffer[] = [];
  for (;;) {
    const buf = r.buf;
    const start = r.pos;
    let i = start;
    while (i < buf.length && buf[i] !== QUOTE && buf[i] !== BACKSLASH) i++;
    if (i === buf.length) {
      pending.push(Buffer.from(buf.subarray(start)));
      r.pos = i;
      if (!(await r.fill())) throw new InputEnded(values);
      continue;
    }
    if (pending.length) {
      pending.push(buf.subarray(start, i));
      text += Buffer.concat(pending).toString('utf8');
      pending = [];
    } else if (i > start) {
      text += buf.toString('utf8', start, i);
    }
    r.pos = i + 1;
    if (buf[i] === QUOTE) return text;
    const e = await nextByte(r, values);
    if (e === 0x75) {
      let code = 0;
      for (let k = 0; k < 4; k++) {
        const h = await nextByte(r, values);
        const d = hexValue(h);
        if (d < 0) throw badAt(r, r.pos - 1, 'a hex digit');
        code = code * 16 + d;
      }
      text += String.fromCharCode(code);
    } else {
      const s = ESCAPES[e];
      if (s === undefined) throw badAt(r, r.pos - 1, 'an escape character');
      text += s;
    }
  }
}

/**
 * Reads `["…", "…"]`. Strings that sit whole in the current chunk without escapes (nearly all
 * of them) are sliced synchronously; the rest go through {@link readString}. With `wanted`,
 * only the strings at indices it marks 1 are decoded; the others (and those past its end) read as ''.
 */
export async function readStringArray(r: ByteReader, wanted?: Uint8Array): Promise<string[]> {
  const copy: ChunkCopy = { text: '', chunkAt: -1, from: 0, to: 0 };
  await expectByte(r, 0x5b, "'['");
  const out: string[] = [];
  if ((await r.peek()) === 0x5d) {
    r.pos++;
    return out;
  }
  for (;;) {
    const end = scanStrings(r.buf, r.pos, r.offset - r.pos, copy, out, wanted);
    r.pos = end < 0 ? ~end : end;
    if (end >= 0) return out; // after the closing ']'
    // A string the chunk's end cuts, one with an escape, or a byte that is not what comes next:
    // the general path, which names a bad byte where it is.
    if (!stoppedAfterString) {
      const c = await r.peek();
      if (c < 0) throw new InputEnded(out.length);
      if (c !== QUOTE) throw bad(r, c, 'a string');
      const text = await readString(r, out.length);
      out.push(wanted === undefined || wanted[out.length] === 1 ? text : '');
    }
    const sep = await r.peek();
    if (sep < 0) throw new InputEnded(out.length);
    r.pos++;
    if (sep === 0x5d) return out;
    if (sep !== 0x2c) throw badAt(r, r.pos - 1, "',' or ']'");
  }
}

/** Whether scanStrings last stopped where a separator is due (else where a string is). */
let stoppedAfterString = false;

/**
 * The fast path of readStringArray: `"…",` after `"…",` within one chunk, each string's end found
 * by a byte loop (strings are ~10 bytes; a Buffer.indexOf per string costs more in its call than
 * in its search). Returns the index after the array's `]`, or, as `~index`, where the general
 * path is to go on: at a string that does not end in this chunk or holds an escape, or at
 * anything unexpected (which that path then reports).
 */
function scanStrings(buf: Buffer, from: number, chunkAt: number, copy: ChunkCopy, out: string[], wanted: Uint8Array | undefined): number {
  const len = buf.length;
  let i = from;
  stoppedAfterString = false;
  for (;;) {
    while (i < len && isSpace(buf[i] as number)) i++;
    if (i >= len || buf[i] !== QUOTE) return ~i;
    let j = i + 1;
    let c = 0;
    let high = 0;
    while (j < len && (c = buf[j] as number) !== QUOTE && c !== BACKSLASH) {
      high |= c;
      j++;
    }
    if (j >= len || c === BACKSLASH) return ~i;
    if (wanted !== undefined && wanted[out.length] !== 1) out.push('');
    else if (high < 0x80 && j - i <= SHORT_STRING_BYTES) out.push(shortAscii(copy, buf, chunkAt, i + 1, j));
    else out.push(buf.toString('utf8', i + 1, j));
    let k = j + 1;
    while (k < len && isSpace(buf[k] as number)) k++;
    const sep = k < len ? (buf[k] as number) : -1;
    if (sep === 0x5d) return k + 1;
    if (sep !== 0x2c) {
      stoppedAfterString = true;
      return ~k;
    }
    i = k + 1;
  }
}

/**
 * ASCII strings up to this many bytes are cut from a latin1 copy of part of the chunk (one native
 * call per COPY_WINDOW_BYTES, then a builtin substring) instead of a native utf8 decode each: V8
 * copies substrings this short, so none of them keeps the copy alive (longer ones would, as sliced strings).
 */
const SHORT_STRING_BYTES = 12;
/**
 * Bytes per latin1 copy: small enough that it is a young-generation string (V8 keeps objects up to
 * 128 KiB there, on pages it reuses), so the copies fault in no fresh memory; big enough that the
 * calls are few (~180 for the 11 MiB of strings of a 129 MiB snapshot).
 */
const COPY_WINDOW_BYTES = 64 * 1024;

/** The latin1 copy of bytes [from, to) of the chunk at file offset `chunkAt`, that a string array is read from. */
interface ChunkCopy {
  text: string;
  chunkAt: number;
  from: number;
  to: number;
}

function shortAscii(copy: ChunkCopy, buf: Buffer, chunkAt: number, start: number, end: number): string {
  if (chunkAt !== copy.chunkAt || start < copy.from || end > copy.to) {
    copy.to = Math.min(buf.length, start + COPY_WINDOW_BYTES);
    copy.text = buf.toString('latin1', start, copy.to);
    copy.chunkAt = chunkAt;
    copy.from = start;
  }
  return copy.text.substring(start - copy.from, end - copy.from);
}

// As uint-array-scan.ts does for numbers: type feedback for every path before the first chunk
// (16 rounds, as V8 records feedback only after a function's first few calls).
for (let round = 0; round < 16; round++) {
  for (const text of ['"a","b"]', '"a" "b"', '"a",1', '"a\\b"', '"a",', '"a', ' "a" ,\n"b" ]', '"a longer string","é"]']) {
    scanStrings(Buffer.from(text), 0, 0, { text: '', chunkAt: -1, from: 0, to: 0 }, [], Uint8Array.of(1, 0));
  }
}

/** 0–15 for 0-9, a-f, A-F; -1 otherwise. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Skips one JSON value of any kind, tracking strings so brackets inside them do not count.
 * With `keep`, the skipped bytes are collected (used for the small `snapshot` header), up to
 * `keepLimitBytes`. Not a validator: a malformed value is caught by whoever reads what follows.
 */
export async function skipValue(r: ByteReader, keep?: Buffer[], keepLimitBytes = Infinity): Promise<void> {
  const first = await r.peek();
  if (first < 0) throw new InputEnded(0);
  const scalar = first !== QUOTE && first !== 0x7b && first !== 0x5b;
  if (scalar && !SCALAR_START.has(first)) throw bad(r, first, 'a value');
  let depth = 0;
  let inString = false;
  let escaped = false;
  let kept = 0;
  for (;;) {
    const buf = r.buf;
    const start = r.pos;
    let end = -1;
    for (let i = start; i < buf.length; i++) {
      const c = buf[i] as number;
      if (scalar) {
        if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          end = i;
          break;
        }
      } else if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 0) {
            end = i + 1;
            break;
          }
        }
      } else if (c === QUOTE) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if ((c === 0x7d || c === 0x5d) && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    const piece = buf.subarray(start, end < 0 ? buf.length : end);
    if (keep) {
      kept += piece.length;
      if (kept > keepLimitBytes) throw new BadInput(r.offset, `value is larger than ${keepLimitBytes} bytes`);
      keep.push(Buffer.from(piece)); // a copy: the chunk's memory is read into again (file-chunks.ts)
    }
    r.pos = start + piece.length;
    if (end >= 0) return;
    if (!(await r.fill())) {
      if (scalar) return; // a bare number at the very end of the input
      throw new InputEnded(0);
    }
  }
}

/** First bytes of numbers, true, false and null. */
const SCALAR_START = new Set([0x2d, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x74, 0x66, 0x6e]);
