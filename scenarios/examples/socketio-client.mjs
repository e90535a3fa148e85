// An example socket.io-client module for ws-soak: connects to ctx.url (the fault proxy, with the
// server URL's path and query) and emits "hello" with an acknowledgement on every (re)connect.
// socket.io-client is NOT a dependency of ws-soak: install it (`npm install socket.io-client`).
import { io } from 'socket.io-client';

export default function start({ url, signal }) {
  const socket = io(url, {
    transports: ['websocket'], // the proxy forwards WebSocket upgrades only
    reconnectionDelay: 5,
    reconnectionDelayMax: 50,
    // A connection ended before its Engine.IO handshake is retried after this (default 20 s,
    // which ws-soak would report as a client that stopped reconnecting).
    timeout: 5_000,
  });
  let id = 0;
  socket.on('connect', () => socket.emit('hello', { id: ++id }, () => {}));
  signal.addEventListener('abort', () => socket.close(), { once: true });
  return { stop: () => socket.close() };
}
