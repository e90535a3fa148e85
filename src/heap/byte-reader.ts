/**
 * A cursor over a stream of byte chunks. Scanners run tight synchronous loops over
 * `buf` from `pos` and only `await fill()` when they reach the end of a chunk, so a
 * file of any size is read with one chunk in memory at a time.
 */
export class ByteReader {
  /** The current chunk. */
  buf: Buffer = Buffer.alloc(0);
  /** Next unread byte in `buf`. */
  pos = 0;
  /** Bytes in all chunks before `buf` (plus where in the file the chunks start). */
  private before: number;
  private readonly chunks: AsyncIterator<Buffer | string>;

  /** `startOffset`: where in the file the first chunk begins, so offsets in messages are the file's. */
  constructor(chunks: AsyncIterable<Buffer | string>, startOffset = 0) {
    this.chunks = chunks[Symbol.asyncIterator]();
    this.before = startOffset;
  }

  /** Absolute offset of `pos` in the input. */
  get offset(): number {
    return this.before + this.pos;
  }

  /** Replaces the exhausted chunk with the next non-empty one; false at the end of input. */
  async fill(): Promise<boolean> {
    for (;;) {
      const next = await this.chunks.next();
      if (next.done) {
        this.before += this.buf.length;
        this.buf = Buffer.alloc(0);
        this.pos = 0;
        return false;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      if (chunk.length === 0) continue;
      this.before += this.buf.length;
      this.buf = chunk;
      this.pos = 0;
      return true;
    }
  }

  /**
   * Skips JSON whitespace and returns the next byte without consuming it,
   * or -1 at the end of input.
   */
  async peek(): Promise<number> {
    for (;;) {
      const buf = this.buf;
      let i = this.pos;
      while (i < buf.length) {
        // In range (i < buf.length); `as number` keeps this per-byte loop free of a second check.
        const c = buf[i] as number;
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
          this.pos = i;
          return c;
        }
        i++;
      }
      this.pos = i;
      if (!(await this.fill())) return -1;
    }
  }

  /** Stops any further reading (closes the underlying stream). */
  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}

/** Shows a byte the way a person would name it in a message. */
export function describeByte(c: number): string {
  if (c < 0) return 'the end of the file';
  if (c >= 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}
