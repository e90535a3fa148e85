/**
 * A TCP proxy on 127.0.0.1 between the harness's client and the server that cuts a connection
 * once no byte has crossed it, either way, for `idleTimeoutMs` — what nginx's proxy_read_timeout,
 * an AWS load balancer's idle timeout or a NAT table entry does to a quiet WebSocket. Both sockets
 * are destroyed without a close frame, so the client sees 1006 and the server a vanished peer.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface IdleProxyOptions {
  /** Where connections are forwarded. */
  target: { host: string; port: number };
  idleTimeoutMs: number;
  /** Called once for every connection the proxy cuts for being idle. */
  onIdleCut(): void;
  /** Interface to listen on. */
  host?: string;
}

export interface IdleProxy {
  /** The port the proxy listens on. */
  port: number;
  stop(): Promise<void>;
}

/** Starts the proxy; resolves once it listens. */
export function startIdleProxy(options: IdleProxyOptions): Promise<IdleProxy> {
  const { target, idleTimeoutMs, onIdleCut } = options;
  const open = new Set<Socket>();

  // No Nagle on either leg: WebSocket frames are small and a proxy must not add delayed-ACK stalls.
  const server = createServer({ noDelay: true }, (down) => {
    const up = connect({ port: target.port, host: target.host, noDelay: true });
    open.add(down);
    open.add(up);
    const cut = () => {
      down.destroy();
      up.destroy();
    };
    // A socket's timeout restarts on every read and write: the downstream side sees the bytes of both directions.
    down.setTimeout(idleTimeoutMs, () => {
      onIdleCut();
      cut();
    });
    down.pipe(up);
    up.pipe(down);
    // Either side failing or closing ends the pair (an unreachable server during a restart, too).
    down.on('error', cut);
    up.on('error', cut);
    down.on('close', () => {
      open.delete(down);
      up.destroy();
    });
    up.on('close', () => {
      open.delete(up);
      down.destroy();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
