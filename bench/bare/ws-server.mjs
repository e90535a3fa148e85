// The bare loop's server: a plain ws server on 127.0.0.1 that closes every connection as soon as
// it opens (code 1000), as the built-in server does with `disconnect.after: 0ms`. Run by
// bench/churn.mjs as a child process; it prints its port and exits when its parent goes.
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, clientTracking: false });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.close(1000);
});
wss.on('listening', () => process.send?.({ port: wss.address().port }));
// Bounded: never outlive the benchmark that started us.
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(0), Number(process.env.BARE_MAX_MS ?? 600_000)).unref();
