// A plain ws server on 127.0.0.1 that never ends a connection: for bench/proxy-churn.mjs, where
// the fault proxy in front of it ends each one (close-1000 at once). Prints its port to its parent.
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, clientTracking: false });
wss.on('connection', (ws) => ws.on('error', () => {}));
wss.on('listening', () => process.send?.({ port: wss.address().port }));
// Bounded: never outlive the benchmark that started us.
process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(0), Number(process.env.BARE_MAX_MS ?? 600_000)).unref();
