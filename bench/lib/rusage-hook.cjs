// Loaded with `node --require bench/lib/rusage-hook.cjs …` in a process a benchmark starts:
// at exit, writes the process's own CPU time, peak RSS and a CPU/memory timeline (every
// TIMELINE_MS) as JSON to the file named by BENCH_RUSAGE_OUT. Child processes it forks do not
// load it (fork passes its own execArgv), so the figures are this process's alone.
'use strict';
const fs = require('node:fs');

const TIMELINE_MS = 1000;
const out = process.env.BENCH_RUSAGE_OUT;
if (out) {
  // Children inherit the environment: only the process started with --require writes.
  delete process.env.BENCH_RUSAGE_OUT;
  const started = performance.now();
  const timeline = [];
  const point = () => {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    timeline.push({ t: Math.round(performance.now() - started), cpuMs: (cpu.user + cpu.system) / 1000, heapUsed: mem.heapUsed, rss: mem.rss });
  };
  setInterval(point, TIMELINE_MS).unref();
  process.on('exit', () => {
    point();
    const usage = process.resourceUsage();
    const report = {
      wallMs: performance.now() - started,
      cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
      maxRssBytes: usage.maxRSS * 1024,
      timeline,
    };
    fs.writeFileSync(out, JSON.stringify(report));
  });
}
