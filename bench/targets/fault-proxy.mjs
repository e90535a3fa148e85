// The fault proxy in a process of its own, for bench/proxy-churn.mjs: PROXY_UPSTREAM is the
// server's URL, PROXY_ENDS=1 makes it end every connection with close-1000 at once. Sends
// { url } when listening, and { heapUsed, rss } (after a GC with --expose-gc) when asked.
import { distModule } from '../lib/proc.mjs';

const { WsFaultProxy } = await import(distModule('proxy/ws-fault-proxy.js'));
const { passThroughPolicy } = await import(distModule('proxy/fault-policy.js'));
const ends = process.env.PROXY_ENDS === '1';
const policy = { ...passThroughPolicy(), ...(ends ? { lifetimeMs: 0 } : {}) };
const proxy = await WsFaultProxy.start({ upstreamUrl: process.env.PROXY_UPSTREAM, policy });
process.send({ url: proxy.url });
process.on('message', () => {
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.send({ heapUsed, rss, cycles: proxy.counts().client.cycles });
});
process.on('disconnect', () => process.exit(0));
