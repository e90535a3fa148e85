/** server.command / client.command in a scenario: resolved paths, and the mistakes named by key. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSoakError } from '../../src/errors.js';
import { isUserSide } from '../../src/scenario/command-fields.js';
import { resolveScenario } from '../../src/scenario/resolve.js';

const FILE = join('/srv', 'soak', 'app.yaml');

function problems(raw: unknown): string {
  try {
    resolveScenario(raw, FILE);
  } catch (error) {
    if (isSoakError(error)) return error.message;
    throw error;
  }
  return '';
}

describe('command sides', () => {
  it('resolves cwd against the scenario file and keeps the arguments as written', () => {
    const s = resolveScenario({ duration: '10s', server: { command: ['npm', 'start'], cwd: '../app', env: { LEAK: '1' }, path: '/ws' } }, FILE);
    expect(s.server.command).toEqual({ args: ['npm', 'start'], cwd: join('/srv', 'app'), env: { LEAK: '1' } });
    expect(s.server.path).toBe('/ws');
    expect(s.client.command).toBeNull();
    expect(isUserSide(s, 'server')).toBe(true);
    expect(isUserSide(s, 'client')).toBe(false);
  });

  it('defaults cwd to the scenario file\'s folder and path to /', () => {
    const s = resolveScenario({ duration: '10s', client: { command: ['node', 'client.js'] } }, FILE);
    expect(s.client.command?.cwd).toBe(join('/srv', 'soak'));
    expect(s.server.path).toBe('/');
  });

  it('names each mistake with its key: a string for a list, an empty list, module and command both, cwd without command, a path without /', () => {
    const text = problems({
      duration: '10s',
      server: { command: 'npm start', path: 'ws' },
      client: { command: [], env: { 'BAD-NAME': 'x' } },
    });
    expect(text).toContain('server.command: expected a list of arguments like [npm, start]');
    expect(text).toContain('server.path: expected a URL path beginning with "/"');
    expect(text).toContain('client.command: expected a list of arguments like [npm, start] (the program first); it is run without a shell');
    expect(text).toContain('client.env.BAD-NAME: expected a mapping of environment variables to text');
    expect(problems({ duration: '10s', server: { command: ['node', 's.js'], module: './s.mjs' } })).toContain(
      'server.command: set either server.module or server.command, not both',
    );
    expect(problems({ duration: '10s', server: { cwd: 'app' } })).toContain('server.cwd: only used with server.command; set server.command or remove server.cwd');
  });
});
