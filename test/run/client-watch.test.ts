import { describe, expect, it } from 'vitest';
import { emptyCycleCounts, type CycleCounts } from '../../src/model/cycle-counts.js';
import { ClientWatch } from '../../src/run/client-watch.js';

const T0 = 1_000_000;

/** Counts after `opened` connections of which `closed` ended with `code`, the harness ending them by `mode`. */
function counts(opened: number, closed: number, code = 1000, mode: string | null = 'close-1000', delayMax: number | null = null): CycleCounts {
  return {
    ...emptyCycleCounts(),
    opened,
    cycles: closed,
    closeCodes: closed > 0 ? { [code]: closed } : {},
    endings: mode && closed > 0 ? { [mode]: closed } : {},
    reconnectDelayMs: delayMax === null ? null : { min: 1, median: 2, max: delayMax },
  };
}

const watch = (peer = "ws-soak's server") => new ClientWatch({ startedAt: T0, startTimeoutMs: 15_000, peer, url: 'ws://127.0.0.1:5000/' });

describe('ClientWatch', () => {
  it('says when the client never connected within server.startTimeout', () => {
    const w = watch();
    expect(w.check(T0 + 14_999)).toBeNull();
    const gone = w.check(T0 + 15_000);
    expect(gone?.code).toBe('SOAK_CLIENT_GONE');
    expect(gone?.message).toBe(
      "the client never connected within 15 s: no upgrade request reached ws-soak's server at ws://127.0.0.1:5000/ (does the client module connect to ctx.url?)",
    );
  });

  it('counts failed attempts as the client still trying, and says none opened', () => {
    const w = watch('the proxy');
    w.update(T0 + 100, { ...counts(0, 0), failedConnects: 2 });
    expect(w.check(T0 + 16_000)?.message).toBe(
      'the client never connected within 15 s: 1 upgrade attempt reached the proxy at ws://127.0.0.1:5000/ and none opened (see the upstream errors)',
    );
  });

  it('counts an upgrade still waiting for the server as the client trying (the proxy reports its upgrade requests)', () => {
    const w = watch('the proxy');
    w.update(T0, counts(1, 0), { client: {}, server: {} }, 1);
    w.update(T0 + 100, counts(1, 1), { client: {}, server: {} }, 1);
    w.update(T0 + 9_000, counts(1, 1), { client: {}, server: {} }, 2);
    expect(w.check(T0 + 10_100)).toBeNull();
    expect(w.check(T0 + 19_000)?.code).toBe('SOAK_CLIENT_GONE');
  });

  it('says which close the client did not come back from, 10 s after its last connection ended', () => {
    const w = watch();
    w.update(T0 + 100, counts(1, 0));
    w.update(T0 + 200, counts(3, 2, 1000, 'close-1000', 5));
    w.update(T0 + 300, counts(3, 3, 1000, 'close-1000', 5));
    expect(w.check(T0 + 10_299)).toBeNull();
    const gone = w.check(T0 + 10_300);
    expect(gone?.code).toBe('SOAK_CLIENT_GONE');
    expect(gone?.message).toBe(
      "the client connected 3 times and did not reconnect within 10 s after ws-soak's server closed it with 1000: does its reconnect logic handle close code 1000?",
    );
  });

  it('names the ending the harness started in an earlier report than the close it led to', () => {
    const w = watch('the proxy');
    w.update(T0, counts(1, 0));
    w.update(T0 + 50, { ...counts(1, 0), endings: { 'close-1000': 1 } });
    w.update(T0 + 100, counts(1, 1));
    expect(w.check(T0 + 10_100)?.message).toBe(
      'the client connected once and did not reconnect within 10 s after the proxy closed it with 1000: does its reconnect logic handle close code 1000?',
    );
  });

  it('does not count the time the client spends writing a heap snapshot', () => {
    const w = watch();
    w.update(T0, counts(1, 1));
    w.busy(T0 + 8_000);
    expect(w.check(T0 + 12_000)).toBeNull();
    expect(w.check(T0 + 18_000)?.code).toBe('SOAK_CLIENT_GONE');
  });

  it('stays quiet while connections keep opening, and waits 20 × the longest reconnect delay when that is longer', () => {
    const w = watch();
    for (let i = 1; i <= 50; i++) {
      w.update(T0 + i * 1_000, counts(i, i - 1, 1000, 'close-1000', 900));
      expect(w.check(T0 + i * 1_000 + 500)).toBeNull();
    }
    w.update(T0 + 51_000, counts(50, 50, 1006, 'terminate', 900));
    expect(w.check(T0 + 51_000 + 17_999)).toBeNull();
    expect(w.check(T0 + 51_000 + 18_000)?.message).toBe(
      "the client connected 50 times and did not reconnect within 18 s after ws-soak's server terminated it (no close frame, code 1006): " +
        'does its reconnect logic handle a connection that drops without a close frame (1006)?',
    );
  });

  it('tells a close by the server module from one by the client, from the close frames the proxy saw', () => {
    const byServer = watch('the proxy');
    byServer.update(T0, counts(1, 0), { client: {}, server: {} });
    byServer.update(T0 + 100, counts(1, 1, 4001, null), { client: {}, server: { '4001': 1 } });
    expect(byServer.check(T0 + 10_100)?.message).toBe(
      'the client connected once and did not reconnect within 10 s after the server closed it with 4001: does its reconnect logic handle close code 4001 from the server?',
    );
    const byClient = watch('the proxy');
    byClient.update(T0, counts(1, 0), { client: {}, server: {} });
    byClient.update(T0 + 100, counts(1, 1, 1000, null), { client: { '1000': 1 }, server: { '1000': 1 } });
    expect(byClient.check(T0 + 10_100)?.message).toBe(
      'the client connected once and did not reconnect within 10 s after the client closed it itself with 1000: ' +
        'did it give up on purpose (an unrecoverable close code, a retry limit, or an error in its own code)?',
    );
  });
});
