/**
 * What a child process prints: appended to its log file up to CHILD_LOG_MAX_BYTES (then one line
 * saying the rest was cut), with the tail of its stderr kept for error messages, capped in lines and
 * in bytes, and V8's out-of-memory report noticed wherever it appears.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { CHILD_LOG_MAX_BYTES, PRIVATE_FILE_MODE, STDERR_TAIL_LINES, STDERR_TAIL_MAX_BYTES } from '../constants.js';
import { isOutOfMemoryLine } from '../model/child-exit.js';

/** A frame of a native stack trace (`  3: 0xee85e7 v8::internal::…`): noise in an error message. */
const NATIVE_FRAME = /^\s*\d+: 0x[0-9a-f]+/;

/** Longest stderr line kept, in characters: a quarter of the tail, so a few long lines still fit. */
const LINE_MAX = STDERR_TAIL_MAX_BYTES / 4;

/** A line cut to LINE_MAX characters, saying so. */
function capLine(line: string): string {
  return line.length <= LINE_MAX ? line : `${line.slice(0, LINE_MAX)}…cut (${line.length - LINE_MAX}+ more characters; stderr lines are kept to ${LINE_MAX / 1024} KiB)`;
}

export class ChildOutput {
  private readonly log: WriteStream | null;
  private logBytes = 0;
  private logCut = false;
  private readonly lines: string[] = [];
  private partialLine = '';
  /** The child printed V8's out-of-memory report. */
  sawOutOfMemory = false;
  /** The log file could not be written (a full disk); the run hears of it through `onLogError`. */
  logError: NodeJS.ErrnoException | null = null;

  constructor(
    readonly logPath: string | undefined,
    private readonly onLogError: (error: NodeJS.ErrnoException) => void = () => undefined,
  ) {
    this.log = logPath ? createWriteStream(logPath, { flags: 'a', mode: PRIVATE_FILE_MODE }) : null;
    // An unhandled 'error' on the stream would end the orchestrator with a stack: report it instead.
    this.log?.on('error', (error: NodeJS.ErrnoException) => {
      if (this.logError) return;
      this.logError = error;
      this.onLogError(error);
    });
  }

  /** Output of the child, in the order it came. */
  write(chunk: Buffer, fromStderr: boolean): void {
    this.writeLog(chunk);
    if (fromStderr) this.keepStderr(chunk.toString('utf8'));
  }

  /** A note of ws-soak's own about the child, kept like its stderr. */
  note(text: string): void {
    this.keepStderr(text);
  }

  private writeLog(chunk: Buffer): void {
    if (!this.log || this.logError || this.logCut) return;
    if (this.logBytes + chunk.length > CHILD_LOG_MAX_BYTES) {
      this.log.write(chunk.subarray(0, Math.max(0, CHILD_LOG_MAX_BYTES - this.logBytes)));
      this.log.write(`\n…cut: ws-soak keeps the first ${CHILD_LOG_MAX_BYTES / 1024 / 1024} MiB of a child's output; the rest was dropped\n`);
      this.logCut = true;
      return;
    }
    this.logBytes += chunk.length;
    this.log.write(chunk);
  }

  private keepStderr(text: string): void {
    const parts = (this.partialLine + text).split('\n');
    // A line without an end (one 50 MB write) is capped as it comes, not only once it ends.
    this.partialLine = (parts.pop() ?? '').slice(0, LINE_MAX + 1);
    // V8's OOM report is followed by a long native stack: look for it in every line, not just the tail.
    if (!this.sawOutOfMemory) this.sawOutOfMemory = parts.some(isOutOfMemoryLine) || isOutOfMemoryLine(this.partialLine);
    this.lines.push(...parts.filter((line) => !NATIVE_FRAME.test(line)).map((line) => capLine(line)));
    if (this.lines.length > STDERR_TAIL_LINES * 2) this.lines.splice(0, this.lines.length - STDERR_TAIL_LINES);
  }

  /** The last lines the child wrote to stderr, at most STDERR_TAIL_LINES and STDERR_TAIL_MAX_BYTES in all. */
  stderrTail(): string[] {
    const lines = [...this.lines];
    if (this.partialLine) lines.push(capLine(this.partialLine));
    const tail = lines.slice(-STDERR_TAIL_LINES);
    let bytes = 0;
    for (let i = tail.length - 1; i >= 0; i--) {
      bytes += tail[i]!.length + 1;
      if (bytes > STDERR_TAIL_MAX_BYTES) return [`…cut: earlier lines dropped (stderr tail kept to ${STDERR_TAIL_MAX_BYTES / 1024} KiB)`, ...tail.slice(i + 1)];
    }
    return tail;
  }

  /** Flushes and closes the log file. */
  end(): void {
    this.log?.end();
  }
}
