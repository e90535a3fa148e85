/**
 * Where preloaded probes (src/probe/preload.ts) report: a TCP listener on 127.0.0.1 that the
 * orchestrator opens for a run with command sides. Each connection is one Node process of a
 * command's tree; its first line (`hello`) carries the token of the side that started it, and
 * the connection is handed to that side. Connections without a valid token are dropped.
 */
import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { FromChild, ToChild } from '../ipc/messages.js';
import type { ProbeHello } from '../ipc/probe-messages.js';

/** Longest line a probe may send (a sample is ~1 KiB): anything longer is not a probe. */
const MAX_LINE_CHARS = 1_000_000;

/** One process a probe was loaded into, seen from the orchestrator. */
export class ProbeConnection extends EventEmitter<{ active: []; message: [FromChild]; gone: [] }> {
  /** It accepted or opened a TCP connection: a process under test, sampled from then on. */
  active = false;
  /** Its connection closed: the process exited (or its probe broke); it is asked nothing more. */
  gone = false;

  constructor(
    readonly hello: ProbeHello,
    private readonly socket: Socket,
  ) {
    super();
  }

  get pid(): number {
    return this.hello.pid;
  }

  get label(): string {
    return this.hello.label;
  }

  send(message: ToChild): void {
    if (!this.socket.destroyed) this.socket.write(`${JSON.stringify(message)}\n`);
  }

  /** @internal a line after `hello`. */
  receive(message: FromChild | { type: 'active' }): void {
    if (message.type === 'active') {
      this.active = true;
      this.emit('active');
    } else this.emit('message', message);
  }
}

export class ProbeListener {
  private readonly sides = new Map<string, (probe: ProbeConnection) => void>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    /** `127.0.0.1:<port>`, for PROBE_ADDRESS_ENV. */
    readonly address: string,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  static async open(): Promise<ProbeListener> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new ProbeListener(server, `127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  /** Probes that present `token` are handed to `onProbe`. */
  expect(token: string, onProbe: (probe: ProbeConnection) => void): void {
    this.sides.set(token, onProbe);
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    let probe: ProbeConnection | null = null;
    let buffered = '';
    socket.on('data', (text: string) => {
      const lines = (buffered + text).split('\n');
      buffered = lines.pop() ?? '';
      if (buffered.length > MAX_LINE_CHARS) socket.destroy();
      for (const line of lines) {
        let message: unknown;
        try {
          message = JSON.parse(line);
        } catch {
          socket.destroy();
          return;
        }
        if (probe) {
          probe.receive(message as FromChild);
          continue;
        }
        const hello = message as ProbeHello;
        const onProbe = hello.type === 'hello' ? this.sides.get(hello.token) : undefined;
        if (!onProbe) {
          socket.destroy();
          return;
        }
        probe = new ProbeConnection(hello, socket);
        onProbe(probe);
      }
    });
    socket.on('close', () => {
      if (!probe) return;
      probe.gone = true;
      probe.emit('gone');
    });
  }
}
