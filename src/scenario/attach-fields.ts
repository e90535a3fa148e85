/**
 * Scenario keys for soaking a Node process that is already running: `server.attach` (which
 * process, found by pid or by its inspector's address) and `server.url` (where ws-soak's client
 * connects). schema.ts spreads `serverAttachFields` into `server`; `checkAttachRules` holds the
 * cross-checks with the other keys.
 */
import { z } from 'zod';
import { field } from './connection-fields.js';
import { STANDALONE_MESSAGE, integerField, sectionField } from './field-types.js';

type Ctx = z.RefinementCtx;

/** Largest pid Linux hands out (PID_MAX_LIMIT); macOS stays far below it. */
const MAX_PID = 4_194_304;
/** The port Node's inspector opens on SIGUSR1 unless the process was started with `--inspect-port`. */
export const DEFAULT_INSPECTOR_PORT = 9229;

const HOST_PORT = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const inspectorError = 'expected the inspector\'s address as "host:port", e.g. "127.0.0.1:9229"';

const attachObject = sectionField({
  pid: integerField(1, MAX_PID)
    .optional()
    .describe('Pid of the running Node process to soak: ws-soak sends it SIGUSR1 (Linux and macOS), which opens its inspector, and closes the inspector again at the end.'),
  port: integerField(1, 65_535)
    .optional()
    .describe(`With pid: the port its inspector opens on, default ${DEFAULT_INSPECTOR_PORT} (another one when the process was started with --inspect-port).`),
  inspector: z
    .string({ error: inspectorError })
    .regex(HOST_PORT, { error: inspectorError })
    .refine((text) => Number(HOST_PORT.exec(text)?.[1]) <= 65_535, { error: inspectorError })
    .optional()
    .describe('Instead of pid: the address of an inspector that is already open (node --inspect=127.0.0.1:9229), "host:port". ws-soak leaves it open.'),
}).superRefine((value, ctx) => {
  const hasPid = value.pid !== undefined;
  const hasInspector = value.inspector !== undefined;
  if (hasPid === hasInspector) {
    ctx.addIssue({
      code: 'custom',
      message: hasPid ? 'give pid or inspector, not both' : 'expected pid (e.g. attach: { pid: 1234 }) or inspector (e.g. attach: { inspector: "127.0.0.1:9229" })',
      params: STANDALONE_MESSAGE,
    });
  }
  if (value.port !== undefined && !hasPid) {
    ctx.addIssue({ code: 'custom', path: ['port'], message: 'port goes with pid; with inspector, write the port in its address', params: STANDALONE_MESSAGE });
  }
});

const urlError = 'expected a WebSocket URL starting with ws:// or wss://, e.g. "ws://127.0.0.1:8080/socket"';

/** Extra keys of `server`. */
export const serverAttachFields = {
  attach: attachObject
    .optional()
    .describe('Soak a Node process that is already running instead of starting a server: { pid } or { inspector: "host:port" }. Needs server.url.'),
  url: z
    .string({ error: urlError })
    .refine((text) => {
      try {
        return ['ws:', 'wss:'].includes(new URL(text).protocol);
      } catch {
        return false;
      }
    }, { error: urlError })
    .optional()
    .describe('With server.attach: the WebSocket endpoint of the attached server that ws-soak\'s client connects to.'),
};

/** Whether a (possibly partly invalid) scenario attaches to a running server. */
export function attachesServer(value: unknown): boolean {
  return field(value, 'server', 'attach') != null;
}

/**
 * `under-test` as written, checked against `server.attach`: the attached server is what is
 * measured, so it is the default there and `client` is a mistake. The schema has already filled in
 * its own default, so this reads the raw mapping.
 */
export function attachUnderTest(raw: Record<string, unknown>, where: string, problems: string[]): 'server' | null {
  if (!attachesServer(raw)) return null;
  const written = raw['under-test'];
  if (written === 'client') {
    problems.push(`${where}: under-test: with server.attach the attached server is what is measured: set under-test to server or both, or leave it out (server is the default with attach)`);
  }
  return written === undefined ? 'server' : null;
}

/** Cross-checks between `server.attach`, `server.url` and the keys that start processes. */
export function checkAttachRules(value: unknown, ctx: Ctx): void {
  const attach = attachesServer(value);
  const url = field(value, 'server', 'url') !== undefined;
  if (attach && !url) {
    ctx.addIssue({ code: 'custom', path: ['server', 'url'], message: 'server.attach needs server.url: the WebSocket endpoint ws-soak\'s client connects to, e.g. "ws://127.0.0.1:8080/"', params: STANDALONE_MESSAGE });
  }
  if (url && !attach) {
    ctx.addIssue({ code: 'custom', path: ['server', 'url'], message: 'server.url goes with server.attach (a server ws-soak starts reports its own URL)', params: STANDALONE_MESSAGE });
  }
  if (!attach) return;
  if (field(value, 'server', 'module') !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['server', 'attach'], message: 'give server.attach or server.module, not both: attach soaks a process that is already running', params: STANDALONE_MESSAGE });
  }
  if (field(value, 'client', 'module') !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['server', 'attach'], message: 'server.attach drives the attached server with ws-soak\'s built-in client; remove client.module', params: STANDALONE_MESSAGE });
  }
  if (field(value, 'server', 'tls') === true) {
    ctx.addIssue({ code: 'custom', path: ['server', 'tls'], message: 'server.tls is for the built-in server; an attached server serves what it serves: give a wss:// server.url instead', params: STANDALONE_MESSAGE });
  }
}

/**
 * `ws-soak run scenario.yaml --attach PID`: the file's contents with `server.attach` set to that
 * pid (keeping its `port`), before validation, so every check and message is the file's own.
 */
export function withAttachPid(raw: unknown, pid: number): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const mapping = raw as Record<string, unknown>;
  const server = typeof mapping['server'] === 'object' && mapping['server'] !== null ? (mapping['server'] as Record<string, unknown>) : {};
  const written = typeof server['attach'] === 'object' && server['attach'] !== null ? (server['attach'] as Record<string, unknown>) : {};
  const port = written['port'];
  return { ...mapping, server: { ...server, attach: { pid, ...(port === undefined ? {} : { port }) } } };
}
