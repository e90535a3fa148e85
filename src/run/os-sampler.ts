/**
 * What the OS shows about a program no probe can enter (a Go or Python server): its process
 * group's open file descriptors by kind, from /proc/<pid>/fd (Linux), judged like handles; and
 * its threads and rss, shown but not judged. Sampled from the orchestrator, every interval.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { groupMembers } from '../ipc/process-group.js';
import type { Sample } from '../model/sample.js';
import type { Role } from '../scenario/types.js';

/** The kind of an fd from its /proc link: `socket:[123]`, `pipe:[4]`, `anon_inode:[eventpoll]`, `/dev/null`, a path. */
export function fdKind(link: string): string {
  const bracket = /^([a-z_]+):\[/.exec(link);
  if (bracket) return bracket[1] ?? 'other';
  const anon = /^anon_inode:/.exec(link);
  if (anon) return 'anon_inode';
  if (link.startsWith('/dev/')) return 'device';
  return 'file';
}

/** Open fds of `pid` by kind; empty when it is gone or not ours to read. */
export function fdKinds(pid: number): Record<string, number> {
  const counts: Record<string, number> = {};
  let entries: string[];
  try {
    entries = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return counts;
  }
  for (const fd of entries) {
    try {
      const kind = `fd ${fdKind(readlinkSync(`/proc/${pid}/fd/${fd}`))}`;
      counts[kind] = (counts[kind] ?? 0) + 1;
    } catch {
      // Closed while we looked.
    }
  }
  return counts;
}

/** Threads and resident memory (bytes) of `pid`, from /proc/<pid>/status. */
function status(pid: number): { threads: number; rss: number } {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const threads = Number(/^Threads:\s+(\d+)/m.exec(text)?.[1] ?? 0);
    const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(text)?.[1] ?? 0) * 1024;
    return { threads, rss };
  } catch {
    return { threads: 0, rss: 0 };
  }
}

/** /proc can be read here (Linux): the fd evidence is available. */
export function procAvailable(pid: number): boolean {
  try {
    readdirSync(`/proc/${pid}/fd`);
    return true;
  } catch {
    return false;
  }
}

/** One sample of group `pgid` (the command's process and what it spawned), summed over its processes. */
export function osSample(role: Role, pgid: number, startedAt: number): Omit<Sample, 'cycle'> {
  const pids = groupMembers(pgid).map((m) => m.pid);
  if (!pids.includes(pgid)) pids.unshift(pgid);
  const resources: Record<string, number> = {};
  let rss = 0;
  let threads = 0;
  for (const pid of pids) {
    for (const [kind, n] of Object.entries(fdKinds(pid))) resources[kind] = (resources[kind] ?? 0) + n;
    const s = status(pid);
    rss += s.rss;
    threads += s.threads;
  }
  return {
    role,
    t: Date.now() - startedAt,
    mem: { rss, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 },
    postGc: null,
    resources,
    // Shown, not judged: the listener rule reads `listeners`, which a non-Node process has none of.
    listeners: {},
    evidence: 'os',
    threads,
  };
}

/** Samples group `pgid` every `intervalMs` until stopped. */
export class OsSampler {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: { role: Role; pgid: number; intervalMs: number; startedAt: number; emit: (sample: Omit<Sample, 'cycle'>) => void },
  ) {}

  start(): void {
    const take = () => this.options.emit(osSample(this.options.role, this.options.pgid, this.options.startedAt));
    take();
    this.timer = setInterval(take, this.options.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
