/** The child entry point started by hand, outside `ws-soak run`: it says why it cannot run, and exits 1. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHILD_CONFIG_ENV } from '../../src/constants.js';

const CHILD_MAIN = fileURLToPath(new URL('../../dist/child/child-main.js', import.meta.url));

describe('child-main', () => {
  it('started without its configuration, names the variable it lacks on stderr and exits 1', () => {
    const env = { ...process.env };
    delete env[CHILD_CONFIG_ENV];
    const result = spawnSync(process.execPath, [CHILD_MAIN], { env, encoding: 'utf8', timeout: 10_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`ws-soak: ws-soak child started without ${CHILD_CONFIG_ENV}; it is started by \`ws-soak run\`, not by hand\n`);
  });
});
