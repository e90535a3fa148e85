// Control for the time-to-verdict benchmark: the same reconnecting client as small-leak.mjs,
// keeping nothing. With the same thresholds it must not fail, or the small leak's verdict
// would prove nothing.
import WebSocket from 'ws';

const RECONNECT_DELAY_MS = 2;

export default function start({ url, signal }) {
  let socket = null;
  let retry = null;
  function connect() {
    retry = null;
    if (signal.aborted) return;
    const ws = new WebSocket(url);
    socket = ws;
    ws.on('error', () => {});
    ws.on('close', () => {
      if (!signal.aborted) retry = setTimeout(connect, RECONNECT_DELAY_MS);
    });
  }
  connect();
  return {
    stop() {
      clearTimeout(retry);
      socket?.terminate();
    },
  };
}
