/** `ws-soak diff <run folder>` prints the run's growth sites from its summary.json. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRunSites, runFolderSites } from '../../src/commands/run-sites.js';
import { tempDir } from '../helpers/run-cli.js';

const site = { file: 'index.js', line: 6, column: 11, function: 'register', package: 'tiny-registry@1.2.3', count: 154, collection: 'Array', calledFrom: { file: 'dep-registry.mjs', line: 18, column: 5, function: 'connect' } };

describe('runFolderSites', () => {
  it('lists the failing evidence with its headline and sites, and formats them under the diff', () => {
    const dir = tempDir('ws-soak-run-sites-');
    const evidence = [
      { kind: 'objects', name: 'Object', failing: true, headline: '`entries` (an Array) gains 0.92 entries per cycle', sites: [site] },
      { kind: 'trend', name: 'external', failing: false, headline: 'not failing' },
    ];
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ processes: [{ role: 'client', evidence }] }));
    const items = runFolderSites([dir, join(dir, 'client-1-c10.heapsnapshot')]);
    expect(items).toEqual([{ folder: dir, role: 'client', evidence: 'objects Object', headline: evidence[0]?.headline, sites: [site] }]);
    expect(formatRunSites(items).split('\n')).toEqual([
      "Where it grows (the run's sites phase; summary.json):",
      '  client objects Object: `entries` (an Array) gains 0.92 entries per cycle',
      '      at tiny-registry@1.2.3 index.js:6:11 in register(), called from dep-registry.mjs:18:5 in connect() (Array: 154 added)',
    ]);
  });

  it('gives nothing for a folder whose summary has no evidence, or no summary', () => {
    const dir = tempDir('ws-soak-run-sites-');
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ processes: [{ role: 'client' }] }));
    expect(runFolderSites([dir, tempDir('ws-soak-empty-')])).toEqual([]);
    expect(formatRunSites([])).toBe('');
  });
});
