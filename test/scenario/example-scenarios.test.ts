import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';

const MODES = join('scenarios', 'modes');
const modeFiles = readdirSync(MODES).filter((f) => f.endsWith('.yaml'));

describe('scenarios/modes/', () => {
  it('has an example for every disconnect mode, traffic, TLS and load', () => {
    const text = modeFiles.map((f) => readFileSync(join(MODES, f), 'utf8')).join('\n');
    for (const mode of ['close-1000', 'close-4001', 'terminate', 'ping-timeout', 'idle-timeout', 'handshake-reject-503', 'server-restart', 'half-open', 'mid-message']) {
      expect(text).toContain(mode);
    }
    for (const key of ['perMessageDeflate: true', 'tls: true', 'processes: 2']) expect(text).toContain(key);
  });

  it.each(modeFiles)('%s passes the schema and says what real-world failure it reproduces', async (file) => {
    const path = join(MODES, file);
    const scenario = await loadScenario(path);
    expect(scenario.name).toBe(file.replace(/\.yaml$/, ''));
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^# .+\n(# .*\n)*# yaml-language-server: \$schema=\.\.\/\.\.\/docs\/scenario\.schema\.json\n/);
    expect(text).toMatch(/Reproduces/);
  });
});

describe('scenarios/examples/ pairs of user modules (socket.io, graphql-ws)', () => {
  it.each(['socketio.yaml', 'graphql-ws.yaml'])('%s loads with both modules and says what to install', async (file) => {
    const path = join('scenarios', 'examples', file);
    const scenario = await loadScenario(path);
    expect(scenario.client.module).not.toBeNull();
    expect(scenario.server.module).not.toBeNull();
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/Install\s[\s\S]+?project first; ws-soak does not ship them/);
    for (const module of [scenario.client.module!, scenario.server.module!]) {
      expect(readFileSync(module, 'utf8')).toMatch(/NOT a dependency of ws-soak|NOT\s+(\/\/ )?dependencies of ws-soak|Install .+ in your project/);
    }
  });
});
