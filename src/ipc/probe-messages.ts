/**
 * The protocol between the orchestrator and a preloaded probe (src/probe/preload.ts) in a process
 * of a command side: newline-delimited JSON over a loopback TCP connection. After `hello` the
 * probe sends the same messages a child sends over IPC (`sample`, `snapshot-*`, `sites`) and hears
 * the same `snapshot` and `sites-start` / `sites-stop` requests (probe/preload-sites.ts).
 */
import type { Role, SnapshotEngine } from '../scenario/types.js';

/** What the probe needs, in PROBE_CONFIG_ENV. */
export interface ProbeConfig {
  role: Role;
  /** Proves the connection comes from a process ws-soak started (the port is open to every local user). */
  token: string;
  intervalMs: number;
  gc: boolean;
  gcEveryMs: number | null;
  plannedMs: number | null;
  startedAt: number;
  engine: SnapshotEngine;
}

/** The first line a probe sends: which process it is loaded into. */
export interface ProbeHello {
  type: 'hello';
  token: string;
  pid: number;
  ppid: number;
  /** How reports name it: `server (pid 1234)`, `server worker 2 (pid 1234)`. */
  label: string;
  argv: string[];
}
