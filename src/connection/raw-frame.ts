/**
 * The start of a WebSocket frame that never finishes (RFC 6455 §5.2): a binary frame header
 * announcing `announcedBytes`, then only half of them. Written straight to the socket before it is
 * destroyed, it reproduces a peer that dies in the middle of a message.
 */
import { randomBytes } from 'node:crypto';

/** Smallest payload announced, so that "half of it" is at least one byte. */
const MIN_ANNOUNCED_BYTES = 2;

/**
 * @param announcedBytes - payload length written in the header
 * @param masked - frames from a client must be masked (RFC 6455 §5.3)
 */
export function partialFrame(announcedBytes: number, masked: boolean): Buffer {
  const length = Math.max(announcedBytes, MIN_ANNOUNCED_BYTES);
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x82, length]);
  } else if (length < 65_536) {
    header = Buffer.alloc(4);
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  // FIN + opcode 2 (binary).
  header[0] = 0x82;
  if (masked) header[1] = (header[1] ?? 0) | 0x80;
  const mask = masked ? randomBytes(4) : Buffer.alloc(0);
  return Buffer.concat([header, mask, Buffer.alloc(Math.floor(length / 2), 0x61)]);
}
