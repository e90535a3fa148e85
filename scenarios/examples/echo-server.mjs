// An example server module: how to wrap your own WebSocket server for ws-soak.
// ws-soak calls the default export with { host, port, signal }; resolve once listening
// with the URL clients should use, and an optional stop().
import { WebSocketServer } from 'ws';

export default async function start({ host, port }) {
  const sessions = new Map();
  const wss = new WebSocketServer({ host, port });
  let nextId = 0;
  wss.on('connection', (ws) => {
    const id = ++nextId;
    sessions.set(id, { connectedAt: Date.now() });
    ws.on('message', (data) => ws.send(data));
    // Per-connection state removed on close: drop this line and the server leaks.
    ws.on('close', () => sessions.delete(id));
  });
  await new Promise((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const { port: actual } = wss.address();
  return {
    url: `ws://${host}:${actual}/`,
    stop: () => new Promise((resolve) => wss.close(resolve)),
  };
}
