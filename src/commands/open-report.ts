/**
 * `--open`: opens report.html with the desktop's opener (`open` on macOS, `xdg-open` elsewhere),
 * detached so ws-soak can exit. Never in CI (`CI` set), and skipped with a message when there is
 * no opener. Returns what to tell the user; the CLI prints it.
 */
import { spawn } from 'node:child_process';

/** The opener for `platform`, or null with the reason to skip. */
export function openerFor(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): { command: string | null; skip: string | null } {
  if (env['CI']) return { command: null, skip: 'not opening report.html in CI (CI is set)' };
  if (platform === 'darwin') return { command: 'open', skip: null };
  if (platform === 'win32') return { command: null, skip: 'opening report.html is not supported on Windows yet; open it from the run folder' };
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return { command: null, skip: 'not opening report.html: no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  return { command: 'xdg-open', skip: null };
}

/** Opens `file`; resolves to a line for stderr when it was not opened. */
export function openReport(file: string, env: Readonly<Record<string, string | undefined>> = process.env, platform = process.platform): Promise<string | null> {
  const { command, skip } = openerFor(env, platform);
  if (!command) return Promise.resolve(skip);
  return new Promise((resolve) => {
    const child = spawn(command, [file], { detached: true, stdio: 'ignore' });
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ENOENT' ? `not opening report.html: ${command} is not installed; open ${file} in a browser` : `could not open report.html with ${command}: ${error.message}`),
    );
    child.once('spawn', () => {
      child.unref();
      resolve(null);
    });
  });
}
