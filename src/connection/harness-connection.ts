/**
 * One open connection as the harness's own side drives it — the built-in server's or the
 * built-in client's: it sends the scenario's traffic, counts what it sees, keeps the heartbeat
 * (client), and, when this side ends connections, ends it the way its disconnect mode says.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { CycleCounter } from './cycle-counter.js';
import { Heartbeat } from './heartbeat.js';
import type { DisconnectMode, Role, Scenario } from '../scenario/types.js';
import { type Later, later } from './later.js';
import { partialFrame } from './raw-frame.js';
import type { StallWatch } from './stall-watch.js';
import type { TrafficPlan } from './traffic.js';

/** Lifetime of one connection: `after` plus a random 0…`jitter`. */
export function lifetimeMs(disconnect: Scenario['disconnect']): number {
  return disconnect.afterMs + (disconnect.jitterMs > 0 ? Math.random() * disconnect.jitterMs : 0);
}

export interface HarnessConnectionOptions {
  ws: WebSocket;
  /** The socket under `ws` (TCP or TLS), for the modes that act below WebSocket. */
  socket: Duplex;
  side: Role;
  scenario: Scenario;
  counter: CycleCounter;
  plan: TrafficPlan;
  /** How this side ends the connection; null when the peer ends it. */
  ending: DisconnectMode | null;
  /** `ws` was made with autoPong off: pings are answered here, until the mode says stop. */
  manualPong: boolean;
  /** Ping the peer and give up on silence (the built-in client); null: no heartbeat. */
  heartbeat: Scenario['client']['heartbeat'];
  stalls: StallWatch;
  /** server-restart: drop every connection at once (the built-in server only); false when already restarting. */
  restart?: () => boolean;
  onClose(connection: HarnessConnection, code: number): void;
}

/**
 * Every timer here is unref'd: the harness's own timers must not keep a process alive (the IPC
 * channel does), nor show among the active handles the verdict watches in a process under test.
 */
export class HarnessConnection {
  /** Epoch ms when this side went quiet (ping-timeout, half-open); read by the StallWatch. */
  quietSince = 0;
  private readonly ws: WebSocket;
  private lifetime: Later | null = null;
  private traffic: NodeJS.Timeout | null = null;
  private heartbeat: Heartbeat | null = null;
  private sent = 0;
  private exchanged = 0;
  private answersPings = true;
  private endApplied = false;

  constructor(private readonly options: HarnessConnectionOptions) {
    const { ws, counter, ending, scenario } = options;
    this.ws = ws;
    counter.opened();
    if (ws.extensions.includes('permessage-deflate')) counter.deflated();
    ws.on('message', () => {
      counter.received();
      this.countExchanged(1);
    });
    if (options.manualPong) ws.on('ping', (data) => this.answersPings && ws.pong(data));
    ws.on('error', () => {
      // A peer that vanishes mid-frame is part of the soak; 'close' follows and is counted there.
    });
    ws.on('close', (code) => this.closed(code));
    if (options.heartbeat) {
      this.heartbeat = new Heartbeat(ws, options.heartbeat, () => {
        counter.heartbeatTimeout();
        ws.terminate();
      });
    }
    if (ending) this.lifetime = later(lifetimeMs(scenario.disconnect), () => this.end());
    this.startTraffic();
  }

  private startTraffic(): void {
    const { total, burst, everyMs } = this.options.plan;
    if (total === 0) return;
    if (everyMs === 0) return this.sendBurst(total);
    this.sendBurst(Math.min(burst, total));
    if (this.sent < total && !this.endApplied) {
      this.traffic = setInterval(() => this.sendBurst(Math.min(burst, total - this.sent)), everyMs).unref();
    }
  }

  private sendBurst(count: number): void {
    const { payload, total } = this.options.plan;
    for (let i = 0; i < count && !this.endApplied; i++) {
      this.ws.send(payload);
      this.sent++;
      this.options.counter.sent(1);
      this.countExchanged(1);
    }
    if (this.sent >= total && this.traffic) {
      clearInterval(this.traffic);
      this.traffic = null;
    }
  }

  private countExchanged(messages: number): void {
    this.exchanged += messages;
    const limit = this.options.scenario.disconnect.afterMessages;
    if (limit !== null && this.exchanged >= limit && this.options.ending && !this.endApplied) this.end();
  }

  /** Ends the connection the way the picked mode says (once). */
  end(): void {
    const { ending, counter, socket, scenario, side } = this.options;
    if (!ending || this.endApplied) return;
    this.endApplied = true;
    this.lifetime?.cancel();
    this.lifetime = null;
    // Several lifetimes can run out together; only the one that restarts the server counts.
    if (ending.kind !== 'server-restart') counter.ended(ending.name);
    switch (ending.kind) {
      case 'close':
        this.stopTalking();
        this.ws.close(ending.code, scenario.disconnect.reason);
        break;
      case 'terminate':
        this.ws.terminate();
        break;
      case 'mid-message':
        this.stopTalking();
        // Frames from a client are masked; the peer is left with half a message when the socket goes.
        socket.write(partialFrame(scenario.traffic.sizeBytes, side === 'client'), () => socket.destroy());
        break;
      case 'ping-timeout':
        this.goQuiet({ answerPings: false, watch: true });
        break;
      case 'idle-timeout':
        // Still answers pings: a peer heartbeat faster than the proxy's timeout keeps it alive.
        this.goQuiet({ answerPings: true, watch: false });
        break;
      case 'half-open':
        this.goQuiet({ answerPings: false, watch: true });
        this.stopReading();
        break;
      case 'server-restart':
        if (this.options.restart?.()) counter.ended(ending.name);
        break;
      case 'handshake-reject':
        // Refusals happen at the upgrade; an accepted connection never picks one.
        break;
    }
  }

  /** No more traffic and no more heartbeat from this side. */
  private stopTalking(): void {
    if (this.traffic) clearInterval(this.traffic);
    this.traffic = null;
    this.heartbeat?.stop();
    this.heartbeat = null;
  }

  private goQuiet(how: { answerPings: boolean; watch: boolean }): void {
    this.stopTalking();
    this.answersPings = how.answerPings;
    this.quietSince = Date.now();
    if (how.watch) this.options.stalls.add(this);
  }

  /**
   * Half-open: bytes still arrive (TCP keeps acknowledging them) but nothing reads them — no pong,
   * no reply to a close frame. End-of-stream is still seen, so the peer giving up ends it here too.
   */
  private stopReading(): void {
    const { socket } = this.options;
    socket.removeAllListeners('data');
    socket.on('data', () => undefined);
    socket.resume();
  }

  private closed(code: number): void {
    this.lifetime?.cancel();
    this.lifetime = null;
    this.stopTalking();
    // A well-behaved client leaves nothing attached; 'error' stays so a late error is never unhandled.
    this.ws.removeAllListeners('message');
    this.ws.removeAllListeners('ping');
    this.options.stalls.delete(this);
    this.options.counter.closed(code, code !== 1006);
    this.options.onClose(this, code);
  }

  /** Drops the connection without a close frame (the end of the run, a server restart). */
  terminate(): void {
    this.ws.terminate();
  }
}
