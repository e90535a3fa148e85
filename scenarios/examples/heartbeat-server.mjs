// An example server module with a heartbeat: it pings every client and terminates those that
// stop answering, as a production server should. It echoes messages, serves wss:// when the
// scenario sets server.tls (ctx.tls), and when the run ends prints what it saw to server.log.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { WebSocketServer } from 'ws';

// Short, so a soak of a few seconds sees dead clients caught; production servers use 10-30 s.
const HEARTBEAT_MS = 250;

export default async function start({ host, port, tls }) {
  const seen = { connections: 0, closeCodes: {}, heartbeatTerminations: 0, messages: 0 };
  const http = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }) : createHttpServer();
  const wss = new WebSocketServer({ server: http });
  const alive = new WeakSet();

  wss.on('connection', (ws) => {
    seen.connections++;
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('message', (data, isBinary) => {
      seen.messages++;
      ws.send(data, { binary: isBinary });
    });
    ws.on('error', () => {});
    ws.on('close', (code) => {
      seen.closeCodes[code] = (seen.closeCodes[code] ?? 0) + 1;
    });
  });

  // One timer for all clients: a client that missed the last ping is gone.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        seen.heartbeatTerminations++;
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);

  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  const { port: actual } = http.address();
  return {
    url: `${tls ? 'wss' : 'ws'}://${host}:${actual}/`,
    stop: () =>
      new Promise((resolve) => {
        clearInterval(heartbeat);
        console.log(`heartbeat-server saw ${JSON.stringify(seen)}`);
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}
