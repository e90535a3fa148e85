/**
 * The number scanner (src/heap/uint-array-scan.ts) on its own: every value and every error must
 * be the same whatever the chunk boundaries, the values must be JSON.parse's, and each kind of bad
 * byte must be named where it is. Its fast paths (a comma right after a number, a digit test by
 * one unsigned compare, whole records of a layout read field after field) are what these guard.
 */
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../src/heap/byte-reader.js';
import { BadInput, InputEnded } from '../../src/heap/json-scan.js';
import { BYTE_FIELD, DROP_FIELD, KEEP_FIELD, UintSink, readUintArray } from '../../src/heap/uint-array-scan.js';

/** The text in chunks of `size` bytes (0: one chunk). */
async function* chunksOf(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  if (size === 0) yield bytes;
  else for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** What the scanner made of `text`: the kept values, the byte field, the count skipped; or the error. */
async function scan(text: string, size: number, keep: Uint8Array | null = null): Promise<string> {
  const sink = new UintSink(0, keep, 0);
  const r = new ByteReader(chunksOf(text, size));
  try {
    await readUintArray(r, sink);
  } catch (err) {
    if (err instanceof BadInput) return `bad at ${err.offset}: ${err.detail}`;
    if (err instanceof InputEnded) return `ended after ${err.values}`;
    throw err;
  }
  return JSON.stringify({
    values: Array.from(sink.result()),
    bytes: Array.from(sink.bytesResult()),
    skipped: sink.skipped,
    overflow: [...sink.overflow],
    rest: r.buf.subarray(r.pos).toString(),
  });
}

const SIZES = [0, 1, 2, 3, 5, 7, 64];

describe('readUintArray', () => {
  it('reads what JSON.parse reads, at every chunk size, V8 layout or not', async () => {
    const texts = [
      '[]',
      '[ ]',
      '[0]',
      '[7,0,12345678,4294967294]',
      '[9,1,2,0,28,0,0\n,9,3,5,0,8799,0,0\n,0,30,61,72,2,0,0\n]',
      '[ 1 , 2\t,\r\n3 ]',
      '[00012,10,100]',
    ];
    for (const text of texts) {
      const expected = (JSON.parse(text.replace(/\b0+(\d)/g, '$1')) as number[]).map(Number);
      for (const size of SIZES) {
        const got = JSON.parse(await scan(text + ',"next"', size)) as { values: number[]; rest: string };
        expect(got.values, `${text} in chunks of ${size}`).toEqual(expected);
        // It stops right after the ']', leaving what follows.
        expect(got.rest.length === 0 || got.rest.startsWith(','), `${text} in chunks of ${size}`).toBe(true);
      }
    }
  });

  it('puts each field of a record where the layout says, the same at every chunk size', async () => {
    const keep = Uint8Array.from([BYTE_FIELD, KEEP_FIELD, DROP_FIELD]);
    const text = '[3,11,999\n,300,22,5\n,0,4294967296,1\n]';
    const one = await scan(text, 0, keep);
    expect(JSON.parse(one)).toEqual({ values: [11, 22, 0xffffffff], bytes: [3, 255, 0], skipped: 6, overflow: [[2, 4294967296]], rest: '' });
    for (const size of SIZES) expect(await scan(text, size, keep), `chunks of ${size}`).toBe(one);
  });

  it('names each bad byte where it is, and a cut array by its complete values, at every chunk size', async () => {
    const cases: Record<string, string> = {
      '[1,]': "bad at 3: expected a number at byte 3, found ']'",
      '[,1]': "bad at 1: expected a number at byte 1, found ','",
      '[1,,2]': "bad at 3: expected a number at byte 3, found ','",
      '[1 2]': "bad at 3: expected ',' or ']' at byte 3, found '2'",
      '[1,-2]': "bad at 3: expected a non-negative integer at byte 3, found '-'",
      '[12x]': "bad at 3: expected ',' or ']' at byte 3, found 'x'",
      '[1,2.5]': "bad at 4: expected ',' or ']' at byte 4, found '.'",
      '[1,2': 'ended after 1',
      '[1,23': 'ended after 1',
      '[1,2,': 'ended after 2',
      '{1}': "bad at 0: expected '[' at byte 0, found '{'",
    };
    for (const [text, expected] of Object.entries(cases)) {
      for (const size of SIZES) expect(await scan(text, size), `${text} in chunks of ${size}`).toBe(expected);
    }
  });

  // V8's edge layout and kept-then-dropped ones (`nodes`) have paths of their own; others go by `keep`.
  it.each([
    ['a general layout', [BYTE_FIELD, KEEP_FIELD, KEEP_FIELD, DROP_FIELD]],
    ["V8's edge layout", [BYTE_FIELD, KEEP_FIELD, KEEP_FIELD]],
    ['a kept-then-dropped layout', [KEEP_FIELD, KEEP_FIELD, DROP_FIELD, DROP_FIELD]],
  ])('reads whole records of %s as value by value: the same values, errors and counts', async (_, layout) => {
    const keep = Uint8Array.from(layout);
    const f = keep.length;
    const record = (k: number): string => [k % 300, k * 37, k * 1_000_003, k % 2].slice(0, f).join(',');
    const many = Array.from({ length: 200 }, (_, k) => record(k)).join('\n,');
    const texts = [
      `[${many}]`,
      `[${many},9,4294967296,${'1,0'.slice(0, 2 * f - 5)}\n,${many}]`, // above 32 bits inside a record
      `[${many}\n,9,1,4294967297${f === 4 ? ',0' : ''}\n,${many}]`, // above 32 bits in a record's third field
      `[${many} ,${many}]`, // a space after a record
      `[${many}\n,1,2 ,3,4]`.slice(0, f === 3 ? -3 : undefined) + (f === 3 ? ']' : ''), // a space inside a record
      `[${many}\n,1,2${f === 4 ? ',3' : ''}]`, // a record cut short
    ];
    for (const text of texts) {
      const flat = JSON.parse(text) as number[];
      const expected = {
        values: flat.filter((_, k) => keep[k % f] === KEEP_FIELD).map((v) => Math.min(v, 0xffffffff)),
        bytes: flat.filter((_, k) => keep[k % f] === BYTE_FIELD).map((v) => Math.min(v, 255)),
        skipped: flat.filter((_, k) => keep[k % f] !== KEEP_FIELD).length,
      };
      for (const size of [0, 1, 5, 64, 4099]) {
        const got = JSON.parse(await scan(text, size, keep)) as typeof expected;
        expect({ values: got.values, bytes: got.bytes, skipped: got.skipped }, `${text.slice(-30)} in chunks of ${size}`).toEqual(expected);
      }
    }
    const bad: Record<string, string> = {
      [`[${many}\n,1,2,,3]`]: 'a number',
      [`[${many}\n,1,2x,3,4]`]: "',' or ']'",
      [`[${many},\n,1,2,3,4]`]: 'a number',
      [`[${many}\n,1,2,3,-4]`]: 'a non-negative integer',
    };
    for (const [text, expected] of Object.entries(bad)) {
      const plain = await scan(text, 0);
      expect(plain).toContain(`expected ${expected} at byte`);
      for (const size of [0, 1, 5, 64, 4099]) expect(await scan(text, size, keep), `${text.slice(-20)} in chunks of ${size}`).toBe(plain);
    }
    for (const size of [0, 1, 5, 64]) expect(await scan(`[${many}\n,1,2`, size, keep)).toBe(`ended after ${200 * f + 1}`);
  });
});
