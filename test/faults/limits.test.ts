/**
 * Issue 14 item 8: limits with clear errors, on the real CLI. A child's stderr tail is capped in
 * bytes, its log file too (and says so); scenario files are capped in size, and FIFOs and devices
 * are refused at once; escape sequences in a scenario name never reach the terminal.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHILD_LOG_MAX_BYTES, SCENARIO_FILE_MAX_BYTES, STDERR_TAIL_MAX_BYTES } from '../../src/constants.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { faultScenario, readJson } from './fault-helpers.js';

describe('caps on what children print', () => {
  it('a 5 MB stderr line: the tail in summary.json, junit.xml and report.html stays within 64 KiB and says it was cut', async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    const file = faultScenario(dir, 'long-stderr', 'snapshots: false\n');
    const result = await runCli(['run', file, '--out', out], { env: { FAULT_STDERR_BYTES: String(5 * 1024 * 1024) } });
    expect(result.code).toBe(3);
    const summary = readJson(join(out, 'summary.json'));
    expect(summary.error.code).toBe('SOAK_TARGET_CRASHED');
    const tail: string[] = summary.error.stderrTail;
    expect(tail.join('\n').length).toBeLessThanOrEqual(STDERR_TAIL_MAX_BYTES);
    expect(tail.some((line) => /^x+…cut \(\d+\+ more characters; stderr lines are kept to 16 KiB\)$/.test(line))).toBe(true);
    expect(tail.join('\n')).toContain('giving up after a long stderr line');
    for (const f of ['summary.json', 'junit.xml', 'report.html']) expect([f, statSync(join(out, f)).size < 1024 * 1024]).toEqual([f, true]);
    // The log keeps it all: 5 MB is under the log cap.
    expect(statSync(join(out, 'client.log')).size).toBeGreaterThan(5 * 1024 * 1024);
  });

  it('20 MiB on stdout: client.log keeps 16 MiB and a line saying the rest was cut', async () => {
    const dir = tempDir();
    const out = join(dir, 'run');
    const file = faultScenario(dir, 'loud-stdout', 'snapshots: false\n');
    // Long enough for 20 MiB to go through the pipe on a loaded machine before the client is stopped.
    const result = await runCli(['run', file, '--out', out, '--duration', '10s'], { env: { FAULT_STDOUT_BYTES: String(20 * 1024 * 1024) } });
    expect(result.stderr).not.toContain('internal error');
    const size = statSync(join(out, 'client.log')).size;
    expect(size).toBeGreaterThanOrEqual(CHILD_LOG_MAX_BYTES);
    expect(size).toBeLessThan(CHILD_LOG_MAX_BYTES + 1024);
    const end = readFileSync(join(out, 'client.log'), 'utf8').slice(-200);
    expect(end).toContain("…cut: ws-soak keeps the first 16 MiB of a child's output; the rest was dropped\n");
  });
});

describe('scenario files that are not scenarios', () => {
  it(`a file over ${SCENARIO_FILE_MAX_BYTES / 1024 / 1024} MiB: refused at once, naming the file and its size`, async () => {
    const file = join(tempDir(), 'huge.yaml');
    writeFileSync(file, `name: huge\ndescription: "${'d'.repeat(2 * 1024 * 1024)}"\n`);
    const size = statSync(file).size;
    const started = Date.now();
    const result = await runCli(['run', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `ws-soak: ${file}: cannot read scenario file (the file is ${size.toLocaleString('en-US')} bytes; a scenario file may be at most 1 MiB (1,048,576 bytes))`,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a FIFO: refused at once instead of blocking for good', async () => {
    const fifo = join(tempDir(), 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const result = await runCli(['run', fifo], { timeoutMs: 15_000 });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`ws-soak: ${fifo}: cannot read scenario file (it is a FIFO (named pipe); a scenario must be a regular file)`);
  });

  it('a symlink to /dev/zero: refused as a character device', async () => {
    const link = join(tempDir(), 'zero.yaml');
    symlinkSync('/dev/zero', link);
    const result = await runCli(['run', link], { timeoutMs: 15_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`ws-soak: ${link}: cannot read scenario file (it is a character device; a scenario must be a regular file)`);
  });
});

describe('escape sequences in names', () => {
  it('a scenario name with ANSI and OSC sequences: none reach the terminal', async () => {
    const dir = tempDir();
    const file = join(dir, 'ansi.yaml');
    writeFileSync(file, 'name: "evil\\e[31mred\\e]0;pwned\\a\\e[2J"\nduration: 2s\nsnapshots: false\n');
    const result = await runCli(['run', file, '--out', join(dir, 'run')]);
    expect(result.code).not.toBe(3);
    const terminal = result.stdout + result.stderr;
    expect(terminal).toContain('evilred');
    expect(terminal).not.toMatch(/[\x1b\x07]/);
  });
});

