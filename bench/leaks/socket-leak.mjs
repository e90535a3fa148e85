// Large leak for the time-to-verdict benchmark: every WebSocket ever opened is kept in a Set
// (the missing `sockets.delete(ws)`), so each cycle retains a closed socket with its buffers.
import WebSocket from 'ws';

/** Pause before reconnecting, as a real client would (and so the loop does not spin). */
const RECONNECT_DELAY_MS = 2;
const sockets = new Set();

export default function start({ url, signal }) {
  let retry = null;
  function connect() {
    retry = null;
    if (signal.aborted) return;
    const ws = new WebSocket(url);
    sockets.add(ws);
    ws.on('error', () => {});
    ws.on('close', () => {
      if (!signal.aborted) retry = setTimeout(connect, RECONNECT_DELAY_MS);
    });
  }
  connect();
  return {
    stop() {
      clearTimeout(retry);
      for (const ws of sockets) ws.terminate();
    },
  };
}
