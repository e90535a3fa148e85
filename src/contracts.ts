/**
 * The contracts for user modules. A scenario's `client.module` or `server.module` points at
 * a file whose default export is one of these functions; ws-soak runs it in its own process.
 */

/** What a user client module is given. */
export interface ClientContext {
  /** The WebSocket URL of the harness's server (e.g. `ws://127.0.0.1:41234/`). */
  url: string;
  /** Aborted when the run ends: stop reconnecting and close the socket. */
  signal: AbortSignal;
  /**
   * With `server.tls: true`: the server's certificate (PEM), made at run time. Trust it, e.g.
   * `new WebSocket(ctx.url, { ca: ctx.ca })`; absent for ws:// URLs.
   */
  ca?: string;
}

/** A running client; `stop` is called once at the end of the run. */
export interface ClientHandle {
  stop(): void | Promise<void>;
}

/**
 * A client module: connects to `ctx.url` and owns its reconnect logic. The harness's
 * server ends each connection (per the scenario's `disconnect` section) and counts cycles.
 */
export type ClientModule = (
  ctx: ClientContext,
) => void | ClientHandle | Promise<void | ClientHandle>;

/** What a user server module is given. */
export interface ServerContext {
  /** Interface to listen on (127.0.0.1 unless the scenario says otherwise). */
  host: string;
  /** Port to listen on; 0 means pick a free one and report it in the returned `url`. */
  port: number;
  /** Aborted when the run ends. */
  signal: AbortSignal;
  /**
   * With `server.tls: true`: a certificate and key (PEM) made at run time. Serve wss:// with them,
   * e.g. `https.createServer({ cert: ctx.tls.cert, key: ctx.tls.key })`; the harness's clients trust it.
   */
  tls?: { cert: string; key: string };
}

/** A listening server: the harness's clients connect to `url`. */
export interface ServerHandle {
  url: string;
  stop?(): void | Promise<void>;
}

/**
 * A server module: starts a WebSocket server. The harness's clients connect, exchange
 * traffic, disconnect and reconnect, and count the cycles.
 */
export type ServerModule = (ctx: ServerContext) => Promise<ServerHandle>;
