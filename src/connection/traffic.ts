/**
 * The traffic plan of one direction: how many messages each connection sends, in bursts of how
 * many, how often, and the one payload every message reuses (no allocation per message).
 */
import type { Scenario } from '../scenario/types.js';

/** Byte used to fill payloads: 'a', valid UTF-8 for text frames. */
const FILL_BYTE = 0x61;

export type Payload = Buffer | string;

export interface TrafficPlan {
  /** Messages per connection. */
  total: number;
  /** Messages sent back to back each time. */
  burst: number;
  /** Time between bursts; 0: everything as soon as the connection opens. */
  everyMs: number;
  payload: Payload;
}

/** The plan for messages the server (`server`) or the built-in client (`client`) sends. */
export function trafficPlan(traffic: Scenario['traffic'], direction: 'server' | 'client'): TrafficPlan {
  const total = direction === 'server' ? traffic.messages : traffic.clientMessages;
  const payload: Payload = traffic.binary
    ? Buffer.alloc(traffic.sizeBytes, FILL_BYTE)
    : String.fromCharCode(FILL_BYTE).repeat(traffic.sizeBytes);
  const everyMs = traffic.ratePerSecond > 0 ? (traffic.burst / traffic.ratePerSecond) * 1000 : 0;
  return { total, burst: traffic.burst, everyMs, payload };
}

/** permessage-deflate options for ws: compress every message, however small, so zlib contexts are exercised. */
export function deflateOption(traffic: Scenario['traffic']): false | { threshold: number } {
  return traffic.perMessageDeflate ? { threshold: 0 } : false;
}
