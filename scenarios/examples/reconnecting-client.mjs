// An example client module: how to wrap your own reconnecting client for ws-soak.
// ws-soak calls the default export once with { url, signal } and calls stop() at the end.
import WebSocket from 'ws';

export default function start({ url, signal }) {
  let socket = null;
  let heartbeat = null;
  let retry = null;

  function connect() {
    if (signal.aborted) return;
    socket = new WebSocket(url);
    socket.on('open', () => {
      // A heartbeat, cleared on close: forgetting clearInterval here is a classic leak.
      heartbeat = setInterval(() => socket.ping(), 1000);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(heartbeat);
      heartbeat = null;
      // Reconnect soon, but not in the same tick.
      retry = setTimeout(connect, 5);
    });
  }

  connect();
  return {
    stop() {
      clearTimeout(retry);
      clearInterval(heartbeat);
      socket?.terminate();
    },
  };
}
