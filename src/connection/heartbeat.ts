/**
 * The built-in client's heartbeat: a ping every interval; a ping left unanswered for the timeout
 * means the connection is dead, whatever TCP says, and it is terminated (the client reconnects).
 */
import type { WebSocket } from 'ws';

export class Heartbeat {
  private readonly interval: NodeJS.Timeout;
  private deadline: NodeJS.Timeout | null = null;
  private readonly onPong = () => this.answered();

  constructor(
    private readonly ws: WebSocket,
    private readonly settings: { intervalMs: number; timeoutMs: number },
    private readonly onTimeout: () => void,
  ) {
    ws.on('pong', this.onPong);
    // Unref'd, like every harness timer (see HarnessConnection).
    this.interval = setInterval(() => this.beat(), settings.intervalMs).unref();
  }

  private beat(): void {
    this.ws.ping();
    // The deadline runs from the oldest unanswered ping.
    this.deadline ??= setTimeout(() => this.expire(), this.settings.timeoutMs).unref();
  }

  private answered(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
  }

  private expire(): void {
    this.deadline = null;
    this.stop();
    this.onTimeout();
  }

  /** Stops pinging and watching; removes its listener. */
  stop(): void {
    clearInterval(this.interval);
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
    this.ws.off('pong', this.onPong);
  }
}
