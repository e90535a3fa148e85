/** The built-in server's restarts on real sockets: listening again, and failing with a code when the port is gone. */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SoakError } from '../../src/errors.js';
import { Relistener } from '../../src/server/relistener.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((done) => (s.listening ? s.close(() => done()) : done()))));
});

function server(): Server {
  const s = createServer();
  servers.push(s);
  return s;
}

const port = (s: Server) => (s.address() as { port: number }).port;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Relistener', () => {
  it('listens again on the same port after a restart', async () => {
    const s = server();
    const fatal: SoakError[] = [];
    const listener = new Relistener(s, '127.0.0.1', 0, (error) => fatal.push(error), { attempts: 3, delayMs: 20 });
    await listener.listen();
    const first = port(s);
    listener.restart(30);
    expect(listener.down).toBe(true);
    for (let i = 0; i < 50 && listener.down; i++) await sleep(20);
    expect(listener.down).toBe(false);
    expect(port(s)).toBe(first);
    expect(fatal).toEqual([]);
    listener.stop();
  });

  it('reports SOAK_RESTART_FAILED through onFatal, without throwing, when something else took the port', async () => {
    const s = server();
    let reported: (error: SoakError) => void = () => undefined;
    const failure = new Promise<SoakError>((resolve) => (reported = resolve));
    const listener = new Relistener(s, '127.0.0.1', 0, (error) => reported(error), { attempts: 3, delayMs: 20 });
    await listener.listen();
    const taken = port(s);
    listener.restart(100);
    // Let the listening socket close, then take its port before the server comes back.
    await sleep(30);
    const thief = server();
    await new Promise<void>((done) => thief.listen(taken, '127.0.0.1', () => done()));
    const error = await Promise.race([failure, sleep(3_000).then(() => null)]);
    expect(error).toBeInstanceOf(SoakError);
    expect(error?.code).toBe('SOAK_RESTART_FAILED');
    expect(error?.message).toBe(
      `the built-in server could not listen on 127.0.0.1:${taken} again after a restart (EADDRINUSE after 3 attempts): ` +
        'something else took the port while the server was down for server-restart',
    );
    expect(listener.down).toBe(true);
    // Each failed attempt took its 'listening' callback back with it.
    expect(s.listenerCount('listening')).toBe(0);
    expect(s.listenerCount('error')).toBe(0);
    listener.stop();
  });
});
