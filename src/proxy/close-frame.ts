/**
 * Close frames the proxy writes itself (RFC 6455 §5.5.1): unmasked toward the client, as its
 * server would send, and masked toward the server, as its client would.
 */
import { randomBytes } from 'node:crypto';
import { MAX_CLOSE_REASON_BYTES } from '../constants.js';

/** The reason cut to what fits a control frame, on a UTF-8 character boundary. */
function reasonBytes(reason: string): Buffer {
  const bytes = Buffer.from(reason, 'utf8');
  if (bytes.length <= MAX_CLOSE_REASON_BYTES) return bytes;
  let end = MAX_CLOSE_REASON_BYTES;
  // Step back over continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/**
 * @param code - a sendable close code (see `isSendableCloseCode`)
 * @param masked - true for a frame to the server (frames from a client are masked, §5.3)
 */
export function closeFrame(code: number, reason: string, masked: boolean): Buffer {
  const text = reasonBytes(reason);
  const payload = Buffer.alloc(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  const header = Buffer.from([0x88, payload.length | (masked ? 0x80 : 0)]);
  if (!masked) return Buffer.concat([header, payload]);
  const mask = randomBytes(4);
  for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return Buffer.concat([header, mask, payload]);
}
