/**
 * Follows the WebSocket frames (RFC 6455 §5.2) in one direction of a byte stream without changing
 * a byte: it reads headers only, to count frames and messages, to see close frames (code and
 * reason), and to tell the proxy where a frame ends, so it can stop forwarding at a frame boundary
 * or inside a data frame. Payloads are never decoded (a compressed or binary payload is opaque);
 * only a close frame's payload (at most 125 bytes) is kept and unmasked.
 */

/** Where `consume` stops: never, at the next frame boundary, or inside the next data frame. */
export type StopRule = 'none' | 'boundary' | 'inside-data';

export interface FrameHeader {
  fin: boolean;
  /** RSV1–3 as bits 4–6 (RSV1 is permessage-deflate's "compressed" flag); not checked. */
  rsv: number;
  opcode: number;
  masked: boolean;
  /** Payload length, bytes. */
  length: number;
}

export interface FrameTrackerHandlers {
  /** A whole frame has passed. */
  onFrame?(header: FrameHeader): void;
  /** A close frame has passed: its code (null when the payload is empty) and reason. */
  onClose?(code: number | null, reason: string): void;
}

const CONTROL = new Set([0x8, 0x9, 0xa]);
const DATA = new Set([0x0, 0x1, 0x2]);
const CLOSE = 0x8;

export class FrameTracker {
  /** Why the stream is not WebSocket frames; once set, the tracker reads no further. */
  error: string | null = null;
  /** Whole frames and whole data frames (text, binary, continuation) passed. */
  frames = 0;
  dataFrames = 0;
  /** Data messages finished (a FIN data frame). */
  messages = 0;
  /** Bytes passed. */
  bytes = 0;
  /** Where `consume` stops; read before every step, so a handler may change it mid-chunk. */
  stop: StopRule = 'none';

  private readonly head = Buffer.alloc(14);
  private headHave = 0;
  private header: FrameHeader | null = null;
  private mask: Buffer | null = null;
  private passed = 0;
  private inMessage = false;
  private closePayload: Buffer | null = null;

  /**
   * @param expectMasked - frames from a client must be masked, frames from a server must not (§5.1)
   * @param from - who sends these frames, for error messages
   */
  constructor(
    private readonly expectMasked: boolean,
    private readonly from: 'client' | 'server',
    private readonly handlers: FrameTrackerHandlers = {},
  ) {}

  /** Between two frames: nothing of a frame has passed yet. */
  get atBoundary(): boolean {
    return this.headHave === 0 && this.header === null;
  }

  /** Part of a data frame has passed, and part has not. */
  get insideData(): boolean {
    return this.header !== null && DATA.has(this.header.opcode) && this.passed < this.header.length;
  }

  /** `stop` holds now: `consume` would read nothing more. */
  get stopped(): boolean {
    if (this.stop === 'boundary') return this.atBoundary;
    if (this.stop === 'inside-data') return this.insideData && this.passed >= this.cutAt();
    return false;
  }

  /** Where `inside-data` cuts a data frame: after half its payload (after the header for a 1-byte payload). */
  private cutAt(): number {
    const length = this.header?.length ?? 0;
    return length >= 2 ? Math.floor(length / 2) : 0;
  }

  /**
   * Reads `chunk` until it ends or `stop` holds, and returns how many bytes were read; the caller
   * forwards exactly those. Returns 0 when `stop` already holds, and the whole chunk once `error`
   * is set.
   */
  consume(chunk: Buffer): number {
    let i = 0;
    while (i < chunk.length && this.error === null) {
      const stop = this.stop;
      if (this.header === null) {
        if (stop === 'boundary' && this.headHave === 0) break;
        i += this.readHeader(chunk, i);
        continue;
      }
      const remaining = this.header.length - this.passed;
      let take = Math.min(remaining, chunk.length - i);
      if (stop === 'inside-data' && DATA.has(this.header.opcode)) {
        const cutAt = this.cutAt();
        if (this.passed >= cutAt) break;
        take = Math.min(take, cutAt - this.passed);
      }
      this.payload(chunk.subarray(i, i + take));
      i += take;
    }
    if (this.error !== null) i = chunk.length;
    this.bytes += i;
    return i;
  }

  /** Reads header bytes from `chunk` at `at`; returns how many. */
  private readHeader(chunk: Buffer, at: number): number {
    let i = at;
    while (i < chunk.length) {
      this.head[this.headHave++] = chunk[i++] ?? 0;
      const need = this.headerLength();
      if (need !== null && this.headHave === need) {
        this.startFrame();
        break;
      }
    }
    return i - at;
  }

  /** Total header length once the first two bytes are known. */
  private headerLength(): number | null {
    if (this.headHave < 2) return null;
    const len7 = (this.head[1] ?? 0) & 0x7f;
    const extra = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    return 2 + extra + ((this.head[1] ?? 0) & 0x80 ? 4 : 0);
  }

  private startFrame(): void {
    const b0 = this.head[0] ?? 0;
    const b1 = this.head[1] ?? 0;
    const len7 = b1 & 0x7f;
    let length = len7;
    let offset = 2;
    if (len7 === 126) {
      length = this.head.readUInt16BE(2);
      offset = 4;
    } else if (len7 === 127) {
      const big = this.head.readBigUInt64BE(2);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) return this.fail(`announced a frame of ${big} bytes`);
      length = Number(big);
      offset = 10;
    }
    const header: FrameHeader = { fin: (b0 & 0x80) !== 0, rsv: b0 & 0x70, opcode: b0 & 0x0f, masked: (b1 & 0x80) !== 0, length };
    const problem = this.check(header);
    if (problem !== null) return this.fail(problem);
    this.header = header;
    this.mask = header.masked ? Buffer.from(this.head.subarray(offset, offset + 4)) : null;
    this.passed = 0;
    this.headHave = 0;
    if (header.opcode === CLOSE) this.closePayload = Buffer.alloc(length);
    if (length === 0) this.endFrame();
  }

  /** Why a header cannot be a valid frame here, or null. */
  private check(h: FrameHeader): string | null {
    if (!CONTROL.has(h.opcode) && !DATA.has(h.opcode)) return `sent a frame with reserved opcode 0x${h.opcode.toString(16)}`;
    if (CONTROL.has(h.opcode) && (!h.fin || h.length > 125)) return 'sent a fragmented or oversized control frame';
    if (h.masked !== this.expectMasked) {
      return this.expectMasked ? 'sent an unmasked frame (a client must mask every frame)' : 'sent a masked frame (a server never masks)';
    }
    if (h.opcode === 0 && !this.inMessage) return 'sent a continuation frame outside a fragmented message';
    if (h.opcode !== 0 && DATA.has(h.opcode) && this.inMessage) return 'started a new message inside a fragmented one';
    return null;
  }

  private payload(bytes: Buffer): void {
    const header = this.header as FrameHeader;
    if (this.closePayload !== null) {
      for (let k = 0; k < bytes.length; k++) {
        const m = this.mask ? (this.mask[(this.passed + k) & 3] ?? 0) : 0;
        this.closePayload[this.passed + k] = (bytes[k] ?? 0) ^ m;
      }
    }
    this.passed += bytes.length;
    if (this.passed === header.length) this.endFrame();
  }

  private endFrame(): void {
    const header = this.header as FrameHeader;
    this.header = null;
    this.frames++;
    if (DATA.has(header.opcode)) {
      this.dataFrames++;
      this.inMessage = !header.fin;
      if (header.fin) this.messages++;
    }
    if (this.closePayload !== null) {
      const payload = this.closePayload;
      this.closePayload = null;
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : null;
      this.handlers.onClose?.(code, payload.length > 2 ? payload.subarray(2).toString('utf8') : '');
    }
    this.handlers.onFrame?.(header);
  }

  private fail(problem: string): void {
    this.error = `the ${this.from} ${problem}: not a WebSocket frame stream`;
    this.header = null;
    this.headHave = 0;
  }
}
