/**
 * `serve --open`: hands a URL to the system's own opener (xdg-open on Linux and the BSDs, open on macOS, start
 * on Windows), the way create-vite's and webpack-dev-server's `--open` do, without a dependency: one spawn.
 * Never fatal: with no browser (a server, a container, SSH without a display) the result says why and the
 * caller prints a note; the server runs on.
 */
import { spawn } from 'node:child_process';

export type OpenResult = { opened: true; command: string } | { opened: false; reason: string };

/** How long a launcher may take to fail before it counts as having opened the page. */
export const OPEN_SETTLE_MS = 1500;

interface Launcher {
  command: string;
  args: string[];
  windowsVerbatimArguments?: boolean;
}

/** The opener of this platform, or why there is none (no graphical session on Linux). */
export function browserLauncher(url: string, platform: NodeJS.Platform, env: Record<string, string | undefined>): Launcher | { reason: string } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`], windowsVerbatimArguments: true };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { reason: 'no graphical session here (DISPLAY and WAYLAND_DISPLAY are unset)' };
  return { command: 'xdg-open', args: [url] };
}

/**
 * Opens `url` in the user's browser. Resolves `opened` once the launcher has run for `OPEN_SETTLE_MS` or
 * exited with 0, else with the reason (not installed, exited with an error). The launcher is detached and not
 * waited for: some run the browser in the foreground, and the server must not wait on it.
 */
export function openInBrowser(
  url: string,
  { platform = process.platform, env }: { platform?: NodeJS.Platform; env: Record<string, string | undefined> },
): Promise<OpenResult> {
  const launcher = browserLauncher(url, platform, env);
  if ('reason' in launcher) return Promise.resolve({ opened: false, reason: launcher.reason });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: OpenResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => settle({ opened: true, command: launcher.command }), OPEN_SETTLE_MS);
    timer.unref();
    let child;
    try {
      child = spawn(launcher.command, launcher.args, {
        env: env as NodeJS.ProcessEnv,
        detached: true,
        stdio: 'ignore',
        windowsVerbatimArguments: launcher.windowsVerbatimArguments,
      });
    } catch (error) {
      settle({ opened: false, reason: `${launcher.command} could not start: ${(error as Error).message}` });
      return;
    }
    child.once('error', (error: NodeJS.ErrnoException) =>
      settle({ opened: false, reason: error.code === 'ENOENT' ? `${launcher.command} is not installed` : `${launcher.command} failed: ${error.message}` }),
    );
    child.once('exit', (code) =>
      settle(code === 0 ? { opened: true, command: launcher.command } : { opened: false, reason: `${launcher.command} found no browser (exit code ${code ?? 'none'})` }),
    );
    child.unref();
  });
}
