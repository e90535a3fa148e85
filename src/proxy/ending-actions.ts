/**
 * How the fault proxy ends one connection from the middle, per disconnect mode: a close frame
 * injected each way at the next frame boundary, both sockets destroyed, going quiet (ping-timeout,
 * half-open, idle-timeout), a cut inside a forwarded frame (mid-message), or a server restart.
 */
import { CLOSE_GRACE_MS, DEFAULT_IDLE_CUT_MS, MID_MESSAGE_WAIT_MS } from '../constants.js';
import { partialFrame } from '../connection/raw-frame.js';
import type { DisconnectMode } from '../scenario/types.js';
import { closeFrame } from './close-frame.js';
import type { FaultPolicy } from './fault-policy.js';
import type { Direction } from './direction.js';

/** What the ending actions need of a connection (a ProxiedConnection). */
export interface EndingTarget {
  readonly up: Direction;
  readonly down: Direction;
  atBoundary(d: Direction, act: () => void): void;
  runStop(d: Direction): void;
  inject(d: Direction, frame: Buffer, code: number): void;
  goQuiet(): void;
  announceQuiet(): void;
  idleCut(how: string): void;
  destroyBoth(): void;
  later(ms: number, act: () => void): void;
  restartAll(): void;
}

/** Acts out `mode` on `c`; the caller has recorded that the proxy ends it. */
export function endByMode(c: EndingTarget, mode: DisconnectMode, policy: FaultPolicy): void {
  switch (mode.kind) {
    case 'close':
      // Server frames are unmasked toward the client; client frames masked toward the server (RFC 6455 §5.3).
      c.atBoundary(c.down, () => c.inject(c.down, closeFrame(mode.code, policy.closeReason, false), mode.code));
      c.atBoundary(c.up, () => c.inject(c.up, closeFrame(mode.code, policy.closeReason, true), mode.code));
      c.later(CLOSE_GRACE_MS, () => c.destroyBoth());
      return;
    case 'ping-timeout':
    case 'half-open':
      c.goQuiet();
      c.announceQuiet();
      return;
    case 'idle-timeout':
      c.goQuiet();
      c.later(policy.idleTimeoutMs ?? DEFAULT_IDLE_CUT_MS, () => c.idleCut('idle-timeout'));
      return;
    case 'mid-message':
      midMessage(c);
      return;
    case 'server-restart':
      c.restartAll();
      return;
    default:
      c.destroyBoth();
  }
}

/** mid-message: cut inside the next data frame either way; write a partial frame of our own if none comes. */
function midMessage(c: EndingTarget): void {
  for (const d of [c.up, c.down]) {
    d.tracker.stop = 'inside-data';
    d.atStop = () => {
      c.up.forwarding = false;
      c.down.forwarding = false;
      // The part already written reaches the peer before its socket goes.
      d.to.write(Buffer.alloc(0), () => d.to.destroy());
      d.from.destroy();
    };
    if (!d.pumping) c.runStop(d);
  }
  c.later(MID_MESSAGE_WAIT_MS, () => {
    for (const d of [c.up, c.down]) {
      d.forwarding = false;
      if (d.tracker.atBoundary) d.to.write(partialFrame(64, d.sender === 'client'), () => d.to.destroy());
    }
    c.later(CLOSE_GRACE_MS, () => c.destroyBoth());
  });
}
