/**
 * Listening, and listening again: server-restart closes the listening socket, stays down for the
 * restart delay (clients see connection refused), then listens on the same port once more.
 */
import type { Server } from 'node:net';
import { SoakError } from '../errors.js';

/** Time between attempts to take the port back after a restart. */
const RELISTEN_RETRY_MS = 100;
/** Attempts before a restart that cannot get its port back fails the server process. */
const RELISTEN_ATTEMPTS = 50;

export class Relistener {
  private port: number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** True while the server is down for a restart. */
  down = false;

  /**
   * @param onFatal - called once when a restart cannot get its port back: the server is down for
   *   good, and the caller reports it (an 'error' listener must not throw: that crashes the process)
   * @param retry - attempts and the time between them; tests pass fewer
   */
  constructor(
    private readonly server: Server,
    private readonly host: string,
    port: number,
    private readonly onFatal: (error: SoakError) => void,
    private readonly retry = { attempts: RELISTEN_ATTEMPTS, delayMs: RELISTEN_RETRY_MS },
  ) {
    this.port = port;
  }

  /** The first listen; afterwards the port is fixed, so clients find the server where it was. */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        if (address && typeof address === 'object') this.port = address.port;
        resolve();
      });
    });
  }

  /** Stops listening now and listens again after `delayMs`. Existing connections are the caller's to drop. */
  restart(delayMs: number): void {
    if (this.down || this.stopped) return;
    this.down = true;
    this.server.close();
    this.timer = setTimeout(() => this.relisten(this.retry.attempts), delayMs);
  }

  private relisten(attemptsLeft: number): void {
    this.timer = null;
    if (this.stopped) return;
    const onListening = () => {
      this.server.off('error', onError);
      this.down = false;
    };
    const onError = (error: NodeJS.ErrnoException) => {
      // A failed attempt leaves its 'listening' callback behind: drop it, or they pile up (and warn at 11).
      this.server.off('listening', onListening);
      if (attemptsLeft <= 1) {
        const reason = error.code ?? error.message;
        this.onFatal(
          new SoakError(
            'SOAK_RESTART_FAILED',
            `the built-in server could not listen on ${this.host}:${this.port} again after a restart (${reason} after ${this.retry.attempts} attempts): ` +
              'something else took the port while the server was down for server-restart',
            { cause: error },
          ),
        );
        return;
      }
      this.timer = setTimeout(() => this.relisten(attemptsLeft - 1), this.retry.delayMs);
    };
    this.server.once('error', onError);
    this.server.once('listening', onListening);
    this.server.listen(this.port, this.host);
  }

  /** No more restarts; the caller closes the server. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
