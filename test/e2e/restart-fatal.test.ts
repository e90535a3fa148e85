/**
 * A fault after start-up, provoked for real: while the built-in server is down for a
 * server-restart, another process takes its port. The server child reports SOAK_RESTART_FAILED and
 * the run ends with that error (exit 3), instead of the child crashing on an uncaught exception.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForExit } from '../helpers/processes.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

/** A free port on loopback, found by listening on 0 and letting go. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Tries to listen on `port` once: the server when it was free, null when something holds it. */
function tryListen(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Waits until the port is taken (the harness listens), then takes it the moment it is free (the restart). */
async function stealPort(port: number, deadlineMs: number): Promise<Server | null> {
  const deadline = Date.now() + deadlineMs;
  let seenTaken = false;
  while (Date.now() < deadline) {
    const server = await tryListen(port);
    if (server && seenTaken) return server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    else seenTaken = true;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return null;
}

describe('a fault after start-up', () => {
  it('a server-restart that cannot get its port back: SOAK_RESTART_FAILED, exit 3, no child left', async () => {
    const port = await freePort();
    const dir = tempDir();
    const file = join(dir, 'restart-steal.yaml');
    writeFileSync(
      file,
      `name: restart-steal\nduration: 25s\nserver:\n  port: ${port}\nsnapshots:\n  enabled: false\n` +
        `disconnect:\n  after: 300ms\n  mode: server-restart\n  restartDelay: 300ms\n`,
    );
    const out = join(dir, 'run');
    const running = runCli(['run', file, '--out', out, '--quiet'], { timeoutMs: 40_000 });
    const thief = await stealPort(port, 15_000);
    try {
      expect(thief, 'the port was never free during a restart').not.toBeNull();
      const result = await running;
      expect(result.code).toBe(3);
      const message =
        `the built-in server could not listen on 127.0.0.1:${port} again after a restart (EADDRINUSE after 50 attempts): ` +
        'something else took the port while the server was down for server-restart';
      // Said once, on stderr, as the verdict line (the CLI prints no second `ws-soak: <message>` line).
      expect(result.stderr).toContain(`verdict: ERROR — ${message}\n`);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      expect(summary.verdict).toBe('error');
      expect(summary.endedBy).toBe('error');
      expect(summary.error).toEqual({ code: 'SOAK_RESTART_FAILED', message, role: 'server' });
      expect(await waitForExit(Object.values(summary.pids as Record<string, number>))).toEqual([]);
    } finally {
      thief?.close();
      await running;
    }
  });
});
