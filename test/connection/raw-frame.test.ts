import { describe, expect, it } from 'vitest';
import { partialFrame } from '../../src/connection/raw-frame.js';

/** The payload length a frame header announces, and where the payload starts. */
function announced(frame: Buffer): { length: number; masked: boolean; payloadAt: number } {
  const masked = ((frame[1] ?? 0) & 0x80) !== 0;
  const len7 = (frame[1] ?? 0) & 0x7f;
  let length = len7;
  let at = 2;
  if (len7 === 126) {
    length = frame.readUInt16BE(2);
    at = 4;
  } else if (len7 === 127) {
    length = Number(frame.readBigUInt64BE(2));
    at = 10;
  }
  return { length, masked, payloadAt: at + (masked ? 4 : 0) };
}

describe('partialFrame', () => {
  it('announces the size with the right length form, and carries only half of it', () => {
    for (const size of [64, 1024, 70_000]) {
      const frame = partialFrame(size, false);
      expect(frame[0]).toBe(0x82);
      const header = announced(frame);
      expect(header).toMatchObject({ length: size, masked: false });
      expect(frame.length - header.payloadAt).toBe(size / 2);
    }
    expect(announced(partialFrame(125, false)).payloadAt).toBe(2);
    expect(announced(partialFrame(126, false)).payloadAt).toBe(4);
    expect(announced(partialFrame(65_536, false)).payloadAt).toBe(10);
  });

  it('masks client frames and announces at least 2 bytes', () => {
    const frame = partialFrame(0, true);
    expect(announced(frame)).toEqual({ length: 2, masked: true, payloadAt: 6 });
    expect(frame.length).toBe(7);
  });
});
