/**
 * The bare loop's client (bench/bare/ws-client.mjs) in a child process, for `durationMs`, with
 * the CPU time of every process of the loop polled into a timeline `[{ t, cycles, cpu }]` that
 * `windowFigures` (bench/churn.mjs) reads.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { procCpuMs } from './proc.mjs';

const BARE_CLIENT = fileURLToPath(new URL('../bare/ws-client.mjs', import.meta.url));
/** How often the processes' CPU time is read. */
const POLL_MS = 250;

/**
 * @param cpuOf - `{ role: () => CPU ms so far, or null once gone }` for the other processes; the client's own is added
 * @returns the timeline once the client has exited
 */
export async function runBareClient({ url, count, durationMs, cpuOf }) {
  const started = performance.now();
  const timeline = [];
  let poll = null;
  try {
    await new Promise((resolve, reject) => {
      let cycles = 0;
      const client = fork(BARE_CLIENT, [], {
        stdio: 'ignore',
        env: { ...process.env, BARE_URL: url, BARE_COUNT: String(count), BARE_DURATION_MS: String(durationMs) },
      });
      poll = setInterval(() => {
        const cpu = { client: procCpuMs(client.pid) };
        for (const [role, read] of Object.entries(cpuOf)) cpu[role] = read();
        if (Object.values(cpu).every((v) => v !== null)) timeline.push({ t: performance.now() - started, cycles, cpu });
      }, POLL_MS);
      const timer = setTimeout(() => client.kill('SIGKILL'), durationMs + 30_000);
      client.on('message', (m) => (cycles = m.cycles));
      client.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`bare client exited with ${code}`));
      });
    });
    return timeline;
  } finally {
    clearInterval(poll);
  }
}
