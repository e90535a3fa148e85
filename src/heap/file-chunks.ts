/**
 * A file as a stream of chunks read into two buffers that take turns, for the parser's ByteReaders.
 * A read stream allocates a fresh Buffer per chunk: on a 129 MiB snapshot, read once by the main
 * thread and mostly again by the edges worker, that is ~230 MiB of new pages to fault in (system
 * time) and of external memory that drives extra garbage collections. Two buffers are enough: the
 * reader scans one while the next read fills the other.
 */
import { open } from 'node:fs/promises';

/**
 * Yields the file from byte `start` on, in chunks of at most `chunkBytes`. Each chunk is valid only
 * until the next one is asked for (its memory is then read into again): whoever keeps bytes across
 * ByteReader.fill() must copy them. Each chunk is a new Buffer object, so a chunk is never the same
 * object as the one before it.
 */
export async function* readFileChunks(path: string, chunkBytes: number, start = 0): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  let next: ReturnType<typeof file.read> | undefined;
  try {
    const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    let turn = 0;
    let at = start;
    next = file.read(buffers[turn] as Buffer, 0, chunkBytes, at);
    for (;;) {
      const { bytesRead } = await next;
      if (bytesRead === 0) return;
      const filled = buffers[turn] as Buffer;
      at += bytesRead;
      // Read ahead into the other buffer while this one is scanned: the consumer is done with the
      // other one, since it asked for this chunk.
      turn = 1 - turn;
      next = file.read(buffers[turn] as Buffer, 0, chunkBytes, at);
      yield filled.subarray(0, bytesRead);
    }
  } finally {
    // A read ahead may still be under way when the consumer stops early: let it end before closing.
    await next?.catch(() => undefined);
    await file.close();
  }
}
