import { describe, expect, it } from 'vitest';
import { Sender } from 'ws';
import { closeFrame } from '../../src/proxy/close-frame.js';
import { FrameTracker } from '../../src/proxy/frame-tracker.js';

/** A frame as ws itself writes it (masked like a client's when `mask`). */
function frame(data: Buffer | string, opcode: number, mask: boolean, fin = true): Buffer {
  const parts = Sender.frame(Buffer.from(data), { fin, opcode, mask, readOnly: false, rsv1: false } as never);
  return Buffer.concat(parts as Buffer[]);
}

/** Feeds `bytes` one at a time; returns the tracker. */
function byteByByte(tracker: FrameTracker, bytes: Buffer): number {
  let read = 0;
  for (let i = 0; i < bytes.length; i++) read += tracker.consume(bytes.subarray(i, i + 1));
  return read;
}

describe('FrameTracker', () => {
  it('follows frames of every length class split at every byte, and reads close codes from masked frames', () => {
    const closes: Array<[number | null, string]> = [];
    const tracker = new FrameTracker(true, 'client', { onClose: (code, reason) => closes.push([code, reason]) });
    const stream = Buffer.concat([
      frame('a', 1, true),
      frame(Buffer.alloc(300, 1), 2, true),
      frame(Buffer.alloc(70_000, 2), 2, true),
      frame('part', 1, true, false),
      frame('', 9, true),
      frame('end', 0, true),
      closeFrame(4001, 'bye ✓', true),
    ]);
    expect(byteByByte(tracker, stream)).toBe(stream.length);
    expect(tracker).toMatchObject({ error: null, frames: 7, dataFrames: 5, messages: 4, bytes: stream.length });
    expect(closes).toEqual([[4001, 'bye ✓']]);
    expect(tracker.atBoundary).toBe(true);
  });

  it('stops at the next frame boundary, and inside a data frame after half its payload', () => {
    const tracker = new FrameTracker(false, 'server');
    const two = Buffer.concat([frame(Buffer.alloc(100), 2, false), frame(Buffer.alloc(100), 2, false)]);
    expect(tracker.consume(two.subarray(0, 50))).toBe(50);
    tracker.stop = 'boundary';
    expect(tracker.consume(two.subarray(50))).toBe(52);
    expect(tracker.atBoundary && tracker.stopped).toBe(true);
    expect(tracker.consume(two.subarray(102))).toBe(0);
    tracker.stop = 'inside-data';
    expect(tracker.consume(two.subarray(102))).toBe(2 + 50);
    expect(tracker.insideData && tracker.stopped).toBe(true);
  });

  it.each([
    ['a reserved opcode', Buffer.from([0x83, 0x00]), true, 'the server sent a frame with reserved opcode 0x3: not a WebSocket frame stream'],
    ['a masked server frame', frame('x', 1, true), true, 'the server sent a masked frame (a server never masks): not a WebSocket frame stream'],
    ['an unmasked client frame', frame('x', 1, false), false, 'the client sent an unmasked frame (a client must mask every frame): not a WebSocket frame stream'],
    ['HTTP text', Buffer.from('HTTP/1.1 200 OK\r\n'), true, 'the server sent a fragmented or oversized control frame: not a WebSocket frame stream'],
    ['a stray continuation', frame('x', 0, false), true, 'the server sent a continuation frame outside a fragmented message: not a WebSocket frame stream'],
  ])('names %s', (_what, bytes, fromServer, message) => {
    const tracker = fromServer ? new FrameTracker(false, 'server') : new FrameTracker(true, 'client');
    expect(tracker.consume(bytes)).toBe(bytes.length);
    expect(tracker.error).toBe(message);
  });
});
