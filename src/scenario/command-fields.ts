/**
 * Scenario keys for a side that is a program the user already runs (`server.command`,
 * `client.command`, with `cwd`, `env` and, for the server, `path`), the cross-checks between them
 * and `module`, and how the resolved `Scenario` answers "is this side the user's code?".
 */
import path from 'node:path';
import { z } from 'zod';
import { STANDALONE_MESSAGE, textField } from './field-types.js';
import type { CommandTarget, Role, Scenario } from './types.js';

/** Placeholder in `server.command` replaced by the port ws-soak picked. */
export const PORT_PLACEHOLDER = '{port}';

const commandField = () =>
  z
    .array(textField(1, 4096), { error: 'expected a list of arguments like [npm, start] or [node, server.js, --port, "{port}"]' })
    .min(1, { error: 'expected a list of arguments like [npm, start] (the program first); it is run without a shell' })
    .max(1000, { error: 'expected at most 1000 arguments' });

const envField = () =>
  z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'expected environment variable names such as LEAK or NODE_ENV' }), textField(0, 65_536), {
      error: 'expected a mapping of environment variables to text, e.g. { LEAK: "1" }',
    })
    .optional();

/** Extra keys of `server`. */
export const serverCommandFields = {
  command: commandField()
    .optional()
    .describe(
      'Your server as a program, an argument list run without a shell, e.g. [npm, start] or [node, dist/server.js, --port, "{port}"]. ws-soak picks a free port and passes it as {port} in the arguments and as PORT in the environment, then waits until it accepts TCP connections (within startTimeout). Not together with module.',
    ),
  cwd: textField(1, 4096).optional().describe("Working folder of server.command, relative to this file. Default: this file's folder."),
  env: envField().describe('Extra environment variables for server.command, e.g. { LEAK: "1" }.'),
  path: textField(1, 2048)
    .regex(/^\//, { error: 'expected a URL path beginning with "/", e.g. /ws' })
    .prefault('/')
    .describe('Path (and query) of the WebSocket endpoint of server.command, e.g. /ws.'),
};

/** Extra keys of `client`. */
export const clientCommandFields = {
  command: commandField()
    .optional()
    .describe(
      'Your client as a program, an argument list run without a shell, e.g. [node, client.js]. It gets the URL to connect to as WS_SOAK_URL. Not together with module.',
    ),
  cwd: textField(1, 4096).optional().describe("Working folder of client.command, relative to this file. Default: this file's folder."),
  env: envField().describe('Extra environment variables for client.command.'),
};

type Ctx = z.core.$RefinementCtx;

function section(value: unknown, role: Role): Record<string, unknown> {
  const s = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[role] : undefined;
  return typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {};
}

/** `module` and `command` exclude each other; `cwd` and `env` need `command`. */
export function checkCommandRules(value: unknown, ctx: Ctx): void {
  for (const role of ['server', 'client'] as const) {
    const s = section(value, role);
    if (s['command'] != null && s['module'] != null) {
      ctx.addIssue({ code: 'custom', path: [role, 'command'], message: `set either ${role}.module or ${role}.command, not both`, params: STANDALONE_MESSAGE });
    }
    // The idle proxy and the generated certificate live in ws-soak's server process, which a command server has none of.
    if (role === 'server' && s['command'] != null && s['tls'] === true) {
      ctx.addIssue({ code: 'custom', path: ['server', 'tls'], message: 'not available with server.command (ws-soak connects to it with ws://); remove server.tls', params: STANDALONE_MESSAGE });
    }
    const proxy = (value as { proxy?: { idleTimeout?: unknown } } | null)?.proxy;
    if (role === 'server' && s['command'] != null && proxy?.idleTimeout !== undefined && section(value, 'client')['command'] == null && section(value, 'client')['module'] == null) {
      ctx.addIssue({ code: 'custom', path: ['proxy', 'idleTimeout'], message: 'not available with server.command and the built-in client yet; remove proxy.idleTimeout', params: STANDALONE_MESSAGE });
    }
    for (const key of ['cwd', 'env'] as const) {
      if (s[key] !== undefined && s['command'] == null) {
        ctx.addIssue({ code: 'custom', path: [role, key], message: `only used with ${role}.command; set ${role}.command or remove ${role}.${key}`, params: STANDALONE_MESSAGE });
      }
    }
  }
}

/** The parsed command keys of one side, resolved against the scenario file's folder. */
export function resolveCommand(
  fields: { command?: string[] | undefined; cwd?: string | undefined; env?: Record<string, string> | undefined },
  base: string,
): CommandTarget | null {
  if (!fields.command) return null;
  return { args: fields.command, cwd: path.resolve(base, fields.cwd ?? '.'), env: fields.env ?? {} };
}

/** The side runs the user's code (a module or a command), not ws-soak's built-in peer. */
export function isUserSide(scenario: Pick<Scenario, 'server' | 'client'>, role: Role): boolean {
  // An attached server (server.attach) is the user's too: a process ws-soak did not start.
  return scenario[role].module !== null || scenario[role].command !== null || (role === 'server' && scenario.server.attach !== null);
}
