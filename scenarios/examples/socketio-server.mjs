// An example socket.io server module for ws-soak (both sides user modules: ws-soak's fault proxy
// sits between this server and scenarios/examples/socketio-client.mjs and ends the connections).
// socket.io is NOT a dependency of ws-soak: install it in your project (`npm install socket.io`),
// then copy this file and scenarios/examples/socketio.yaml next to your code.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

export default async function start({ host, port }) {
  const http = createServer();
  // The proxy forwards WebSocket upgrades only: no HTTP long-polling.
  const io = new Server(http, { transports: ['websocket'], serveClient: false });
  io.on('connection', (socket) => {
    socket.on('hello', (payload, ack) => ack({ ok: true, echo: payload.id }));
  });
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  // The client gets the proxy's URL with this URL's path: io(ctx.url) connects to /socket.io/.
  return {
    url: `ws://${host}:${http.address().port}/`,
    stop: () => new Promise((resolve) => io.close(() => resolve())),
  };
}
