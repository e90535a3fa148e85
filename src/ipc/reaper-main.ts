/**
 * The reaper: a tiny process, started detached by the orchestrator, that ends the children's process
 * groups when the orchestrator goes away without doing so itself (kill -9, a crash). It reads
 * `+<pgid>` and `-<pgid>` lines on stdin; stdin closing means the orchestrator is gone (the kernel
 * closes the pipe however it died), and every group still listed gets SIGKILL. Its event loop never
 * blocks, unlike a process under test in a busy loop, which cannot hear its parent go.
 */
const groups = new Set<number>();
let buffered = '';

// Group signals from the terminal are the orchestrator's to handle; only stdin ends the reaper.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => undefined);

process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  const lines = (buffered + text).split('\n');
  buffered = lines.pop() ?? '';
  for (const line of lines) {
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line.startsWith('+')) groups.add(pgid);
    else if (line.startsWith('-')) groups.delete(pgid);
  }
});

function reap(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  process.exit(0);
}

process.stdin.on('end', reap);
process.stdin.on('close', reap);
process.stdin.on('error', reap);
