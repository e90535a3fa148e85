/**
 * Drives bench/targets/heap-target.mjs: a process holding a heap of a given size that writes
 * heap snapshots on request, by ws-soak's writer (v8 or heapdump), an in-process inspector
 * session, or the inspector protocol from here (the orchestrator's side).
 */
import { fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { distModule } from './proc.mjs';

const TARGET = fileURLToPath(new URL('../targets/heap-target.mjs', import.meta.url));

export class HeapTarget {
  /**
   * Starts a target holding about `heapMb` MiB; resolves once the heap is built. It is killed
   * after `timeoutMs`: by default 30 minutes, or 10 s per MiB of heap if longer (a series of three
   * snapshots of a 560 MB heap outlived 30 minutes on a busy 2-core machine).
   */
  static async start(heapMb, { timeoutMs = Math.max(30 * 60_000, heapMb * 10_000) } = {}) {
    const child = fork(TARGET, [], {
      // Room for the heap and for V8's snapshot graph of it.
      execArgv: ['--expose-gc', `--max-old-space-size=${Math.max(4096, heapMb * 8)}`],
      serialization: 'json',
      // stderr is kept for error messages only (the inspector route prints "Debugger listening…").
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {
        ...process.env,
        HEAP_MB: String(heapMb),
        SNAPSHOT_WRITER_MODULE: distModule('probe/snapshot-writer.js'),
        SAMPLER_MODULE: distModule('probe/sampler.js'),
      },
    });
    const target = new HeapTarget(child, timeoutMs);
    target.ready = await target.next('ready');
    return target;
  }

  constructor(child, timeoutMs) {
    this.child = child;
    this.queue = [];
    this.waiters = [];
    this.stderr = '';
    child.stderr.on('data', (d) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.killTimer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (m) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter(m);
      else this.queue.push(m);
    });
    this.exited = new Promise((resolve) => child.on('exit', resolve));
  }

  /** The next message, which must be of `type`. */
  async next(type) {
    const m = this.queue.length
      ? this.queue.shift()
      : await Promise.race([new Promise((resolve) => this.waiters.push(resolve)), this.exited.then((code) => ({ type: 'exit', code }))]);
    if (m.type !== type) throw new Error(`heap target: expected ${type}, got ${JSON.stringify(m).slice(0, 500)}; stderr: ${this.stderr}`);
    return m;
  }

  async grow(objects) {
    this.child.send({ type: 'grow', objects });
    return this.next('grown');
  }

  /** Snapshot by `route` (v8 | heapdump | session) into `path`: `{ ms, pausedMs, rssBefore, peakRss, bytes }`. */
  async snapshot(route, path) {
    this.child.send({ type: 'snapshot', route, path });
    return this.next('snapshot-done');
  }

  /**
   * The inspector route: HeapProfiler.takeHeapSnapshot sent from this process over the inspector's
   * WebSocket, the chunks streamed into `path` here. Same figures as `snapshot()`.
   */
  async inspectorSnapshot(path) {
    this.child.send({ type: 'inspector' });
    const { url } = await this.next('inspector');
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 0 });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    this.child.send({ type: 'measure-start' });
    const { rssBefore } = await this.next('measure-started');
    const out = createWriteStream(path, { mode: 0o600 });
    let bytes = 0;
    const started = performance.now();
    await new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString('utf8'));
        if (m.method === 'HeapProfiler.addHeapSnapshotChunk') {
          bytes += Buffer.byteLength(m.params.chunk);
          out.write(m.params.chunk);
        } else if (m.id === 1) {
          if (m.error) reject(new Error(JSON.stringify(m.error)));
          else resolve();
        }
      });
      ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.takeHeapSnapshot', params: { reportProgress: false } }));
    });
    const ms = performance.now() - started;
    await new Promise((resolve) => out.end(resolve));
    ws.close();
    this.child.send({ type: 'measure-end' });
    const measured = await this.next('measured');
    return { ms, pausedMs: measured.pausedMs, rssBefore, peakRss: measured.peakRss, bytes };
  }

  /** CPU ms one post-GC probe sample costs this process: `{ cpuMs, heapUsed }`. */
  async probeCost(samples) {
    this.child.send({ type: 'probe-cost', samples });
    return this.next('probe-cost');
  }

  async stop() {
    clearTimeout(this.killTimer);
    if (this.child.exitCode === null) this.child.kill();
    await this.exited;
  }
}
