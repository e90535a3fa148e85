/**
 * The proxy's upstream leg up to the end of the HTTP upgrade: connects (TCP or TLS) to the
 * server, writes the client's upgrade request exactly as it came (request line and raw headers,
 * so sub-protocols and extensions are negotiated end to end), and reads the response head. Every
 * way this can go wrong becomes an `UpstreamFailure` with a sentence for people; nothing throws.
 */
import type { IncomingMessage } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { isIP } from 'node:net';
import { MAX_RESPONSE_HEAD_BYTES } from '../constants.js';

/** Where the proxy forwards to: parsed once from the upstream's ws:// or wss:// URL. */
export interface UpstreamTarget {
  host: string;
  port: number;
  secure: boolean;
  /** PEM the upstream's certificate must chain to (wss://); undefined: the system's CAs. */
  ca?: string;
}

export type UpstreamFailureKind = 'connect' | 'timeout' | 'not-http' | 'http-status' | 'closed';

export interface UpstreamFailure {
  kind: UpstreamFailureKind;
  message: string;
  /** For `http-status`: the status the server answered with. */
  status?: number;
}

export interface UpstreamAnswer {
  socket: Socket;
  status: number;
  statusText: string;
  /** The response head as it came, through the blank line. */
  head: Buffer;
  /** Bytes after the head that came in the same reads (early frames, or an error page). */
  rest: Buffer;
  /** Header values by lower-case name (the last one wins). */
  headers: Record<string, string>;
}

/** The target for a ws:// or wss:// (or http(s)://) URL. */
export function targetOf(url: string, ca?: string): UpstreamTarget {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'wss:' || parsed.protocol === 'https:';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return { host, port: parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port), secure, ...(ca === undefined ? {} : { ca }) };
}

/** The request head to send upstream: the client's request line and headers, unchanged. */
export function requestHead(req: IncomingMessage): Buffer {
  const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

function where(target: UpstreamTarget, path: string): string {
  return `${target.secure ? 'wss' : 'ws'}://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}${path}`;
}

/** Errors of upstream sockets that failed before their handshake began. */
const earlyErrors = new WeakMap<Socket, NodeJS.ErrnoException>();

/**
 * Starts connecting to the upstream now, before the client's request has arrived, so the TCP
 * (and TLS) handshake overlaps the client's: one round trip less on every connection.
 */
export function connectUpstream(target: UpstreamTarget): Socket {
  const socket = target.secure
    ? tlsConnect({ host: target.host, port: target.port, ca: target.ca, servername: isIP(target.host) ? undefined : target.host })
    : netConnect({ host: target.host, port: target.port });
  socket.setNoDelay(true);
  // Kept for the handshake to report; also keeps an early failure from being an unhandled 'error'.
  socket.on('error', (error: NodeJS.ErrnoException) => earlyErrors.set(socket, error));
  return socket;
}

/**
 * Sends the upgrade request on `socket` (from `connectUpstream`) and resolves with the server's
 * answer or a failure, never rejects. On failure the upstream socket is already destroyed.
 */
export function upstreamHandshake(
  target: UpstreamTarget,
  head: Buffer,
  path: string,
  timeoutMs: number,
  socket: Socket = connectUpstream(target),
): Promise<UpstreamAnswer | UpstreamFailure> {
  return new Promise((resolve) => {
    let buffered: Buffer = Buffer.alloc(0);
    let done = false;
    const finish = (result: UpstreamAnswer | UpstreamFailure): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.off('data', onData);
      if ('kind' in result) socket.destroy();
      resolve(result);
    };
    // Timers run before the poll phase: after a stall of this process (a loaded machine), an answer
    // already waiting in the socket is read first (setImmediate runs after the poll phase).
    const timer = setTimeout(
      () => setImmediate(() => finish({ kind: 'timeout', message: `the server did not answer the upgrade at ${where(target, path)} within ${timeoutMs} ms` })),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const answer = parseHead(buffered, target, path);
      if (answer === null) {
        if (buffered.length > MAX_RESPONSE_HEAD_BYTES) finish(notHttp(buffered, target, path));
        return;
      }
      if ('kind' in answer) return finish(answer);
      // Paused until the caller attaches its own reader, so no byte is lost in between.
      socket.pause();
      finish({ socket, ...answer });
    };
    const unreachable = (error: NodeJS.ErrnoException): void =>
      finish({ kind: 'connect', message: `the proxy could not reach the server at ${where(target, path)}: ${error.code ?? error.message}` });
    const early = earlyErrors.get(socket);
    if (early !== undefined) return unreachable(early);
    socket.on('data', onData);
    // A socket still connecting (or in its TLS handshake) holds writes until it is ready.
    socket.write(head);
    socket.on('error', unreachable);
    if (socket.destroyed) return finish({ kind: 'closed', message: `the server at ${where(target, path)} closed the connection without answering the upgrade` });
    socket.once('close', () =>
      finish(
        buffered.length > 0
          ? notHttp(buffered, target, path)
          : { kind: 'closed', message: `the server at ${where(target, path)} closed the connection without answering the upgrade` },
      ),
    );
  });
}

function notHttp(bytes: Buffer, target: UpstreamTarget, path: string): UpstreamFailure {
  const shown = JSON.stringify(bytes.subarray(0, 32).toString('latin1'));
  return { kind: 'not-http', message: `the server at ${where(target, path)} answered the upgrade with bytes that are not HTTP: ${shown}` };
}

/** The answer once the whole head is in `bytes`; null while it is not; a failure when it is not HTTP. */
function parseHead(bytes: Buffer, target: UpstreamTarget, path: string): Omit<UpstreamAnswer, 'socket'> | UpstreamFailure | null {
  // A response starts with "HTTP/"; anything else is not worth waiting for.
  const prefix = bytes.subarray(0, 5).toString('latin1');
  if (!'HTTP/'.startsWith(prefix) && !prefix.startsWith('HTTP/')) return notHttp(bytes, target, path);
  const end = bytes.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const text = bytes.subarray(0, end).toString('latin1');
  const [statusLine = '', ...headerLines] = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!status) return notHttp(bytes, target, path);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    status: Number(status[1]),
    statusText: status[2] ?? '',
    head: bytes.subarray(0, end + 4),
    rest: bytes.subarray(end + 4),
    headers,
  };
}

/** "the server answered the upgrade with 404 Not Found at /socket.io/" */
export function refusalMessage(status: number, statusText: string, path: string): string {
  return `the server answered the upgrade with ${status}${statusText ? ` ${statusText}` : ''} at ${path}`;
}
