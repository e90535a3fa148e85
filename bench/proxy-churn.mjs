/**
 * Issue 13 goal: churn through the fault proxy ≥ 0.8× the same client and server connected
 * directly, at client counts 1 and 8, in one run. The bare loop of bench/bare/ (client and
 * server in child processes, connect → open → close → connect) is measured three ways,
 * interleaved:
 *   direct      client → server, the server closes each connection at once (bench/churn.mjs's bare loop);
 *   forward     client → proxy → the same server: the proxy only forwards and counts;
 *   proxy-ends  client → proxy → a server that never closes: the proxy ends each connection with
 *               close-1000 at once, as it will in a run where neither side is ws-soak's.
 * The proxy runs in a child of its own (PROXY_IN=child, default: as in a run) or in this
 * process (PROXY_IN=parent). Also `npm run bench -- --only proxy-churn`. Each configuration runs PROXY_CHURN_MS (default 8 s, at most 20 s).
 *   npm run build && node bench/proxy-churn.mjs
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { windowFigures } from './churn.mjs';
import { runBareClient } from './lib/bare-client.mjs';
import { distModule, procCpuMs } from './lib/proc.mjs';
import { median } from './lib/stats.mjs';

const BARE = (file) => fileURLToPath(new URL(`./bare/${file}`, import.meta.url));
const PROXY_PROCESS = fileURLToPath(new URL('./targets/fault-proxy.mjs', import.meta.url));
const GOAL_RATIO = 0.8;
const MAX_CONFIG_MS = 20_000;

function forkReady(path, env, execArgv = []) {
  const child = fork(path, [], { stdio: 'ignore', env: { ...process.env, ...env }, execArgv });
  const ready = new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${path} exited with ${code}`)));
  });
  return { child, ready };
}

/** A proxy in this process: `{ url, cpuMs(), memory(), stop() }`. */
async function parentProxy(upstreamUrl, ends) {
  const { WsFaultProxy } = await import(distModule('proxy/ws-fault-proxy.js'));
  const { passThroughPolicy } = await import(distModule('proxy/fault-policy.js'));
  const proxy = await WsFaultProxy.start({ upstreamUrl, policy: { ...passThroughPolicy(), ...(ends ? { lifetimeMs: 0 } : {}) } });
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  return { url: proxy.url, cpuMs: cpu, memory: async () => ({ heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss }), stop: () => proxy.stop() };
}

/** A proxy in a child process of its own. */
async function childProxy(upstreamUrl, ends) {
  const { child, ready } = forkReady(PROXY_PROCESS, { PROXY_UPSTREAM: upstreamUrl, PROXY_ENDS: ends ? '1' : '0' }, ['--expose-gc']);
  const { url } = await ready;
  const memory = () =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send('memory');
    });
  return { url, cpuMs: () => procCpuMs(child.pid), memory, stop: async () => child.kill() };
}

/** One configuration for `durationMs`: `{ rate, cpuPerCycle, proxyMemory }` over the part after warm-up. */
export async function churnLoop(via, count, durationMs, proxyIn = 'parent') {
  const serverFile = via === 'proxy-ends' ? 'ws-idle-server.mjs' : 'ws-server.mjs';
  const server = forkReady(BARE(serverFile), { BARE_MAX_MS: String(durationMs + 30_000) });
  let proxy = null;
  try {
    const { port } = await server.ready;
    const upstream = `ws://127.0.0.1:${port}/`;
    if (via !== 'direct') proxy = await (proxyIn === 'child' ? childProxy : parentProxy)(upstream, via === 'proxy-ends');
    const memoryBefore = proxy ? await proxy.memory() : null;
    const timeline = await runBareClient({
      url: proxy?.url ?? upstream,
      count,
      durationMs,
      cpuOf: { server: () => procCpuMs(server.child.pid), ...(proxy ? { proxy: proxy.cpuMs } : {}) },
    });
    const memoryAfter = proxy ? await proxy.memory() : null;
    return { ...windowFigures(timeline), cycles: timeline.at(-1)?.cycles ?? 0, proxyMemory: memoryBefore && { before: memoryBefore, after: memoryAfter } };
  } finally {
    await proxy?.stop();
    server.child.kill();
  }
}

export async function bench({ log, long = false, durationMs = long ? 20_000 : 8_000, reps = 1, proxyIn = 'child' }) {
  const ms = Math.min(durationMs, MAX_CONFIG_MS);
  const rows = [];
  for (const count of [1, 8]) {
    const runs = { direct: [], forward: [], 'proxy-ends': [] };
    for (let i = 0; i < reps; i++) {
      for (const via of Object.keys(runs)) {
        const r = await churnLoop(via, count, ms, proxyIn);
        runs[via].push(r);
        const cpu = Object.entries(r.cpuPerCycle).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
        const mem = r.proxyMemory ? `; proxy heap ${(r.proxyMemory.before.heapUsed / 1048576).toFixed(1)} → ${(r.proxyMemory.after.heapUsed / 1048576).toFixed(1)} MiB over ${r.cycles} cycles` : '';
        log(`proxy-churn count=${count} ${via}: ${r.rate.toFixed(0)} cycles/s (CPU ms/cycle: ${cpu})${mem}`);
      }
    }
    const rate = (via) => median(runs[via].map((r) => r.rate));
    for (const via of ['forward', 'proxy-ends']) {
      const ratio = rate(via) / rate('direct');
      rows.push({ metric: `proxy churn (${via}), client count ${count}`, value: `${rate(via).toFixed(0)} cycles/s`, baseline: `${rate('direct').toFixed(0)} cycles/s direct`, ratio, goal: `≥ ${GOAL_RATIO}×`, met: ratio >= GOAL_RATIO });
    }
  }
  return { rows };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const proxyIn = process.env.PROXY_IN === 'parent' ? 'parent' : 'child';
  const { rows } = await bench({ log: (line) => process.stderr.write(`${line}\n`), durationMs: Number(process.env.PROXY_CHURN_MS ?? 8_000), proxyIn });
  for (const r of rows) console.log(`${r.metric}: ${r.value} vs ${r.baseline} = ${r.ratio.toFixed(2)}× (goal ${r.goal}: ${r.met ? 'met' : 'NOT met'})`);
}
