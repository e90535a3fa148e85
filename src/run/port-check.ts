/** A command server's port: a free one to give it, whether it accepts TCP yet, and whether its path answers a WebSocket upgrade. */
import { createServer, connect, type AddressInfo } from 'node:net';
import { WebSocket } from 'ws';

/** A free port on 127.0.0.1 (closed again: the command listens on it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Why a WebSocket upgrade to `url` fails (`answered HTTP 404 …`), or null when it opens: a wrong
 * server.path would otherwise give a run of failed connects and an inconclusive verdict.
 */
export function upgradeRefusal(url: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
    ws.once('open', () => {
      ws.close(1000);
      resolve(null);
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve(
        `answered the WebSocket upgrade with HTTP ${response.statusCode}${response.statusMessage ? ` ${response.statusMessage}` : ''}: ` +
          'set server.path to where the program serves WebSockets (e.g. /ws)',
      );
      ws.terminate();
    });
    ws.once('error', (error) => resolve(`did not complete a WebSocket upgrade (${error.message}): is it a WebSocket server, and is server.path right?`));
  });
}
