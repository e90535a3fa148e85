/**
 * A child's process group: every child of the run is started detached (its own session and group),
 * so Ctrl-C or a hang-up sent to the terminal's group reaches only the orchestrator, and whatever
 * the module under test spawns can be found, and ended, through the group.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** True while any process of group `pgid` exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends `signal` to every process of group `pgid`; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * The pids and command names in group `pgid`, from /proc (Linux); empty where /proc is absent.
 * Field 5 of /proc/<pid>/stat is the group; the name in parentheses may hold spaces.
 */
export function groupMembers(pgid: number): Array<{ pid: number; name: string }> {
  const members: Array<{ pid: number; name: string }> = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return members;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      // After the name: state, ppid, pgrp; a zombie has already exited.
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push({ pid: Number(entry), name: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      // Gone while we looked.
    }
  }
  return members;
}

/**
 * Ends what group `pgid` still holds: SIGTERM, then SIGKILL after `graceMs`. Returns what was
 * found (empty when the group is already gone).
 */
export async function endGroup(pgid: number, graceMs: number): Promise<Array<{ pid: number; name: string }>> {
  if (!groupAlive(pgid)) return [];
  const left = groupMembers(pgid);
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  signalGroup(pgid, 'SIGKILL');
  return left;
}
