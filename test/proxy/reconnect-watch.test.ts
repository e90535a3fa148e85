import { describe, expect, it } from 'vitest';
import { ReconnectWatch, type EndSeen } from '../../src/proxy/reconnect-watch.js';
import { cleanUp, client, ending, startProxy, startUpstream, until } from './proxy-peers.js';

const byProxy = (how: string, toClient = 1006): EndSeen => ({ how, endedBy: 'proxy', toClient, fromClient: null });

describe('ReconnectWatch (fake clock values)', () => {
  it('says nothing before the start timeout, then that no upgrade ever arrived', () => {
    const watch = new ReconnectWatch({ startedAt: 1_000, startTimeoutMs: 10_000, url: 'ws://127.0.0.1:4000/' });
    expect(watch.check(10_999)).toBeNull();
    expect(watch.check(11_000)).toEqual({
      kind: 'never-connected',
      connections: 0,
      quietMs: 10_000,
      message: 'the client never connected within 10 s: no upgrade request reached the proxy at ws://127.0.0.1:4000/ (does the client module connect to ctx.url?)',
    });
  });

  it('tells attempts that never opened from no attempt at all', () => {
    const watch = new ReconnectWatch({ startedAt: 0, startTimeoutMs: 5_000 });
    watch.attempt(100);
    watch.attempt(200);
    expect(watch.check(5_000)?.message).toBe('the client never connected within 5 s: 2 upgrade attempts reached the proxy and none opened (see the upstream errors)');
  });

  it('reports a client that connected once and did not come back after close 1000, 10 s after the close', () => {
    const watch = new ReconnectWatch({ startedAt: 0, startTimeoutMs: 10_000 });
    watch.attempt(50);
    watch.opened();
    watch.ended(2_000, byProxy('close-1000', 1000));
    expect(watch.check(11_999)).toBeNull();
    expect(watch.check(12_000)).toEqual({
      kind: 'stopped-reconnecting',
      connections: 1,
      quietMs: 10_000,
      message: 'the client connected once and did not reconnect within 10 s after the proxy closed it with 1000: does its reconnect logic handle close code 1000?',
    });
  });

  it('waits 20 times the longest reconnect delay when that is longer than 10 s', () => {
    const watch = new ReconnectWatch({ startedAt: 0, startTimeoutMs: 10_000 });
    watch.attempt(0);
    watch.opened();
    watch.ended(100, byProxy('terminate'));
    watch.attempt(900, 800);
    watch.opened();
    watch.ended(1_000, byProxy('terminate'));
    expect(watch.waitMs).toBe(16_000);
    expect(watch.check(16_999)).toBeNull();
    expect(watch.check(17_000)?.message).toBe(
      'the client connected twice and did not reconnect within 16 s after the proxy terminated it (no close frame, code 1006): ' +
        'does its reconnect logic handle a connection that drops without a close frame (1006)?',
    );
  });

  it('never reports while a connection is open, and counts refused attempts as still trying', () => {
    const watch = new ReconnectWatch({ startedAt: 0, startTimeoutMs: 1_000 });
    watch.opened();
    expect(watch.check(1_000_000)).toBeNull();
    watch.ended(0, { how: 'server-closed', endedBy: 'server', toClient: 1001, fromClient: null });
    watch.attempt(9_000);
    expect(watch.check(18_999)).toBeNull();
    expect(watch.check(19_000)?.message).toBe(
      'the client connected once and did not reconnect within 10 s after the server closed it with 1001: does its reconnect logic handle close code 1001 from the server?',
    );
  });
});

describe('ReconnectWatch fed by the proxy events of a real client that does not reconnect', () => {
  it('names the close code the proxy ended the connection with', async () => {
    try {
      const upstream = await startUpstream();
      const proxy = await startProxy(upstream.url, ending({ name: 'close-1000', kind: 'close', code: 1000 }, 30));
      const watch = new ReconnectWatch({ startedAt: Date.now(), startTimeoutMs: 5_000, minWaitMs: 300 });
      proxy.on('attempt', (a) => watch.attempt(Date.now(), a.reconnectDelayMs));
      proxy.on('open', () => watch.opened());
      proxy.on('close', (end) => watch.ended(Date.now(), end));
      const c = client(proxy.url);
      expect((await c.closed).code).toBe(1000);
      await until(() => watch.check(Date.now()) !== null, 3_000);
      expect(watch.check(Date.now())?.message).toBe(
        'the client connected once and did not reconnect within 300 ms after the proxy closed it with 1000: does its reconnect logic handle close code 1000?',
      );
    } finally {
      await cleanUp();
    }
  });
});
