import { describe, expect, it } from 'vitest';
import { isLoopback, nonLoopbackWarning } from '../../src/run/host-check.js';

describe('host check', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(host)).toBe(true);
  });
  it('warns for anything else, naming the host', () => {
    for (const host of ['0.0.0.0', '192.168.1.10', '::', 'example.test', '1270.0.0.1']) expect(isLoopback(host)).toBe(false);
    expect(nonLoopbackWarning('0.0.0.0')).toContain('server.host is 0.0.0.0');
    expect(nonLoopbackWarning('127.0.0.1')).toBeNull();
  });
});
