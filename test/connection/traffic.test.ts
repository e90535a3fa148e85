import { describe, expect, it } from 'vitest';
import { deflateOption, trafficPlan } from '../../src/connection/traffic.js';
import { resolveScenario } from '../../src/scenario/load.js';

const traffic = (t: Record<string, unknown>) => resolveScenario({ duration: '5s', traffic: t }, '').traffic;

describe('trafficPlan', () => {
  it('sends everything at once without a rate, each direction its own count', () => {
    const t = traffic({ messages: 5, clientMessages: 2, size: '1KiB' });
    expect(trafficPlan(t, 'server')).toMatchObject({ total: 5, burst: 1, everyMs: 0 });
    expect(trafficPlan(t, 'client')).toMatchObject({ total: 2, everyMs: 0 });
    expect(trafficPlan(t, 'server').payload).toEqual(Buffer.alloc(1024, 0x61));
  });

  it('spaces bursts by burst / rate and sends text when binary is off', () => {
    const plan = trafficPlan(traffic({ messages: 10, burst: 2, rate: 50, binary: false, size: 3 }), 'server');
    expect(plan.everyMs).toBe(40);
    expect(plan.payload).toBe('aaa');
  });

  it('compresses every message when permessage-deflate is on', () => {
    expect(deflateOption(traffic({ perMessageDeflate: true }))).toEqual({ threshold: 0 });
    expect(deflateOption(traffic({}))).toBe(false);
  });
});
