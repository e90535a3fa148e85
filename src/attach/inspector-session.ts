/**
 * A client of Node's inspector protocol (the Chrome DevTools Protocol's V8 domains) over the
 * inspector's WebSocket: numbered calls answered in order, and events. One session per attached
 * process; it holds nothing in the target but the connection itself.
 */
import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import WebSocket from 'ws';
import { INSPECTOR_CALL_TIMEOUT_MS } from '../constants.js';

/** One entry of the inspector's `/json/list`. */
export interface InspectorTarget {
  id: string;
  title: string;
  url: string;
  webSocketDebuggerUrl?: string;
}

/** A protocol error reply, or the session closing under a call. */
export class InspectorCallError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(`${method}: ${message}`);
    this.name = 'InspectorCallError';
  }
}

/**
 * The inspector's list of debuggable targets at host:port, or null when nothing answers there
 * (connection refused or reset, or no HTTP answer within `timeoutMs`).
 */
export function listTargets(host: string, port: number, timeoutMs = 1_000): Promise<InspectorTarget[] | null> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/json/list', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          const parsed: unknown = JSON.parse(body);
          resolve(Array.isArray(parsed) ? (parsed as InspectorTarget[]) : null);
        } catch {
          // Something else listens there: not an inspector.
          resolve(null);
        }
      });
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

interface Pending {
  method: string;
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | null;
}

export class InspectorSession extends EventEmitter<{ event: [string, Record<string, unknown>]; close: [] }> {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  private constructor(private readonly socket: WebSocket) {
    super();
    socket.on('message', (data) => this.onMessage(String(data)));
    socket.on('close', () => this.onClose());
    // An error is followed by 'close'; without a listener it would be thrown.
    socket.on('error', () => undefined);
  }

  /** Opens a session on a target's `webSocketDebuggerUrl`; rejects with the reason it could not. */
  static connect(url: string, timeoutMs: number): Promise<InspectorSession> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: timeoutMs, perMessageDeflate: false, maxPayload: 0 });
      const fail = (error: Error) => {
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.terminate();
        reject(error);
      };
      socket.once('open', () => {
        socket.removeListener('error', fail);
        socket.removeListener('unexpected-response', onRefused);
        resolve(new InspectorSession(socket));
      });
      // Node's inspector answers a second debugger's upgrade with 400 when one is attached already.
      const onRefused = (_req: unknown, res: { statusCode?: number }) => fail(new Error(`the inspector refused the connection (HTTP ${res.statusCode ?? '?'})`));
      socket.once('unexpected-response', onRefused);
      socket.once('error', fail);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Calls `method` and resolves with its result. `timeoutMs` null: no time limit (a heap
   * snapshot, whose progress the run watches on disk instead).
   */
  call(method: string, params: Record<string, unknown> = {}, timeoutMs: number | null = INSPECTOR_CALL_TIMEOUT_MS): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(new InspectorCallError(method, 'the inspector connection is closed'));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === null
          ? null
          : setTimeout(() => {
              this.pending.delete(id);
              reject(new InspectorCallError(method, `no answer within ${timeoutMs / 1000} s`));
            }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Sends a call whose answer will never come (it ends the inspector); resolves once it is on the wire. */
  sendWithoutAnswer(method: string, params: Record<string, unknown>): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.socket.send(JSON.stringify({ id: ++this.nextId, method, params }), () => resolve()));
  }

  /** Ends the session; resolves once the socket is closed (or at once if it was). */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
      // A target busy in a long synchronous call cannot finish the closing handshake: do not wait on it.
      setTimeout(() => this.socket.terminate(), 2_000).unref();
    });
  }

  private onMessage(text: string): void {
    let message: { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message?: string } };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (pending.timer) clearTimeout(pending.timer);
      if (message.error) pending.reject(new InspectorCallError(pending.method, message.error.message ?? 'failed'));
      else pending.resolve(message.result ?? {});
    } else if (message.method) {
      this.emit('event', message.method, message.params ?? {});
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const pending of this.pending.values()) {
      if (pending.timer) clearTimeout(pending.timer);
      pending.reject(new InspectorCallError(pending.method, 'the inspector connection closed (the process exited, or its inspector was closed)'));
    }
    this.pending.clear();
    this.emit('close');
  }
}
