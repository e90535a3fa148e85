/** One way of a connection through the fault proxy, and the one safe way to end a socket's writing side. */
import type { Socket } from 'node:net';
import type { FrameTracker } from './frame-tracker.js';
import type { Leg } from './proxy-counts.js';

/** One way of a proxied connection: who sends, where to, and how its frames are followed. */
export interface Direction {
  from: Socket;
  to: Socket;
  /** Who sends on this direction. */
  sender: Leg;
  tracker: FrameTracker;
  forwarding: boolean;
  waitingDrain: boolean;
  /** Inside `pump`: a stop that holds is acted on after the bytes read so far are forwarded. */
  pumping: boolean;
  /** Run once the tracker's stop rule holds. */
  atStop: (() => void) | null;
}

/** Ends a socket's writing side unless it is already ended or gone (ending twice builds an error object: slow). */
export function endWriting(socket: Socket): void {
  if (!socket.writableEnded && !socket.destroyed) socket.end();
}
