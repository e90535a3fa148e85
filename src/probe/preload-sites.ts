/**
 * The sites phase in a process of a command side (README "Growth sites"): the preloaded probe
 * (preload.ts) answers `sites-start` / `sites-stop` over its TCP channel with the recorder a forked
 * child runs (growth-sites.ts). Each process under test records its own, so each worker of a
 * cluster gets its own sites. The recorder is loaded only when a phase begins: a run that passes
 * never loads it into the program.
 */
import type { FromChild, ToChild } from '../ipc/messages.js';
import type { GrowthSitesRecorder } from './growth-sites.js';

/**
 * A handler for the probe's incoming lines: true when it took `message`. A `stop` puts the hooks
 * back and is left to the probe too. `active`: the process takes part (launchers never record).
 */
export function preloadSites(send: (message: FromChild) => Promise<void>, active: () => boolean): (message: ToChild) => boolean {
  let recorder: GrowthSitesRecorder | null = null;
  // Set while the module loads, so a stop that comes meanwhile still finds the recorder out.
  let starting: Promise<void> | null = null;
  let wanted = false;
  return (message) => {
    if (message.type === 'sites-start') {
      if (!active() || starting) return true;
      wanted = true;
      starting = import('./growth-sites.js').then(
        ({ GrowthSitesRecorder }) => {
          if (!wanted) return;
          recorder = new GrowthSitesRecorder();
          recorder.start();
        },
        // Without the recorder the phase gives an empty report: sites are optional output.
        () => undefined,
      );
      return true;
    }
    if (message.type === 'sites-stop' || message.type === 'stop') {
      wanted = false;
      const finish = (): void => {
        const report = recorder?.stop() ?? { targets: [], calls: 0 };
        recorder = null;
        starting = null;
        if (message.type === 'sites-stop') void send({ type: 'sites', report });
      };
      if (starting) void starting.then(finish);
      else finish();
      return message.type === 'sites-stop';
    }
    return false;
  };
}
