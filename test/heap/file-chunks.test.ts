/**
 * readFileChunks (src/heap/file-chunks.ts): the parser's reads into two buffers that take turns.
 * Each chunk must hold the file's bytes at its place whatever the chunk size and start, be a new
 * object each time (readStringArray tells chunks apart by identity), and stopping early must
 * close the file.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileChunks } from '../../src/heap/file-chunks.js';

const dir = mkdtempSync(join(tmpdir(), 'file-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff));
const path = join(dir, 'bytes.bin');
writeFileSync(path, bytes);

/** File descriptors this process has open (Linux), to see that an early stop closes the file. */
const openFiles = (): number => readdirSync('/proc/self/fd').length;

describe('readFileChunks', () => {
  it('gives the file from `start` on, in order, at every chunk size', async () => {
    for (const size of [1, 7, 64, 999, 1000, 4096]) {
      for (const start of [0, 1, 500, 999, 1000]) {
        const seen: Buffer[] = [];
        const copies: Buffer[] = [];
        for await (const chunk of readFileChunks(path, size, start)) {
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk.length).toBeLessThanOrEqual(size);
          expect(seen.includes(chunk), `size ${size}, start ${start}: a chunk object came twice`).toBe(false);
          seen.push(chunk);
          copies.push(Buffer.from(chunk)); // the chunk's memory is read into again later
        }
        expect(Buffer.concat(copies).equals(bytes.subarray(start)), `size ${size}, start ${start}`).toBe(true);
      }
    }
  });

  it('closes the file when the reader stops before the end, with a read ahead under way', async () => {
    const before = openFiles();
    for (let k = 0; k < 20; k++) {
      const chunks = readFileChunks(path, 16);
      const first = await chunks.next();
      expect(first.value?.equals(bytes.subarray(0, 16))).toBe(true);
      await chunks.return(undefined);
    }
    expect(openFiles()).toBe(before);
  });

  it('reports a missing file as the read stream did (the code and message parse.ts shows)', async () => {
    const missing = join(dir, 'missing.bin');
    await expect(readFileChunks(missing, 16).next()).rejects.toMatchObject({
      code: 'ENOENT',
      message: `ENOENT: no such file or directory, open '${missing}'`,
    });
  });
});
