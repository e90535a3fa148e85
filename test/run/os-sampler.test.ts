/** The OS's evidence of a non-Node program: fd kinds from /proc links, counted for a real process. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fdKind, fdKinds, osSample } from '../../src/run/os-sampler.js';

describe('fd kinds', () => {
  it('reads the kind from each form of /proc/<pid>/fd link', () => {
    expect(fdKind('socket:[12345]')).toBe('socket');
    expect(fdKind('pipe:[678]')).toBe('pipe');
    expect(fdKind('anon_inode:[eventpoll]')).toBe('anon_inode');
    expect(fdKind('anon_inode:inotify')).toBe('anon_inode');
    expect(fdKind('/dev/null')).toBe('device');
    expect(fdKind('/tmp/x.log')).toBe('file');
  });

  it('counts a real process group: a child with its stdio piped holds 3 sockets (libuv pipes are socketpairs)', async () => {
    const child = spawn('sleep', ['5'], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    await new Promise((resolve) => child.once('spawn', resolve));
    try {
      const kinds = fdKinds(child.pid ?? 0);
      expect(kinds['fd socket']).toBe(3);
      const sample = osSample('server', child.pid ?? 0, Date.now());
      expect(sample.evidence).toBe('os');
      expect(sample.resources['fd socket']).toBe(3);
      expect(sample.threads).toBe(1);
      expect(sample.mem.rss).toBeGreaterThan(0);
      expect(sample.postGc).toBeNull();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
