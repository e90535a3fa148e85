// Process under test for the probe-overhead benchmark: a ws client that runs one connect → open →
// close cycle every PACE_MS against BARE_URL (a fixed amount of work per second, so extra CPU
// shows up as CPU time, not as fewer cycles). With PROBE_INTERVAL_MS set, it also runs ws-soak's
// probe (the real Sampler, post-GC samples sent over IPC as `ws-soak run` does).
// Reports { cpuMs (after warm-up), cycles, heapUsed (post-GC, at the end), maxRssBytes, probeCpuMs, samples }.
import WebSocket from 'ws';

const url = process.env.BARE_URL;
const durationMs = Number(process.env.TARGET_DURATION_MS ?? 10_000);
const warmupMs = Number(process.env.TARGET_WARMUP_MS ?? 3_000);
const paceMs = Number(process.env.PACE_MS ?? 5);
const probeIntervalMs = Number(process.env.PROBE_INTERVAL_MS ?? 0);
// Fixed time between post-GC samples (`sample.gcEvery`); unset: the automatic cadence.
const probeGcEveryMs = process.env.PROBE_GC_EVERY_MS ? Number(process.env.PROBE_GC_EVERY_MS) : null;

let cycles = 0;
let busy = false;
const pacer = setInterval(() => {
  // One cycle at a time: if the last one is still going, skip this tick.
  if (busy) return;
  busy = true;
  const ws = new WebSocket(url);
  ws.on('error', () => {});
  ws.on('open', () => ws.close(1000));
  ws.on('close', () => {
    cycles++;
    busy = false;
  });
}, paceMs);

let sampler = null;
let probeCpuUs = 0;
let samples = 0;
if (probeIntervalMs > 0) {
  const { Sampler } = await import(process.env.SAMPLER_MODULE);
  sampler = new Sampler({
    role: 'client',
    intervalMs: probeIntervalMs,
    postGc: true,
    postGcEveryMs: probeGcEveryMs,
    startedAt: Date.now(),
    emit: (sample) => process.send?.({ type: 'sample', sample }),
  });
  // Time spent in the probe itself (gc, memoryUsage, handle counts, serialising the IPC message).
  const sampleNow = sampler.sampleNow.bind(sampler);
  sampler.sampleNow = (finalSample) => {
    const before = process.cpuUsage();
    sampleNow(finalSample);
    const spent = process.cpuUsage(before);
    probeCpuUs += spent.user + spent.system;
    samples++;
  };
  sampler.start();
}

let cpuAtWarmup = null;
let probeAtWarmup = { cpuUs: 0, samples: 0 };
setTimeout(() => {
  cpuAtWarmup = process.cpuUsage();
  probeAtWarmup = { cpuUs: probeCpuUs, samples };
}, warmupMs);
setTimeout(() => {
  const cpu = process.cpuUsage(cpuAtWarmup);
  clearInterval(pacer);
  sampler?.stop();
  globalThis.gc();
  const report = {
    cpuMs: (cpu.user + cpu.system) / 1000,
    cycles,
    heapUsed: process.memoryUsage().heapUsed,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    probeCpuMs: (probeCpuUs - probeAtWarmup.cpuUs) / 1000,
    samples: samples - probeAtWarmup.samples,
  };
  process.send({ type: 'report', report }, () => process.exit(0));
}, durationMs);
