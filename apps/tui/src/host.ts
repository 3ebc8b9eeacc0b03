import type * as ChildProcess from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerminalGuard } from './terminal.js';

const require = createRequire(import.meta.url);
/**
 * node:child_process, loaded when a browser or an editor is first started rather than at every
 * start of the app (loading it cost ~5 ms before the first frame).
 */
function childProcess(): typeof ChildProcess {
  return require('node:child_process') as typeof ChildProcess;
}

/** What the app asks of the terminal and the system beyond drawing. Tests pass a fake. */
export interface Host {
  /** Puts text on the clipboard through the terminal (OSC 52): it works over SSH too. */
  copy(text: string): void;
  /** Opens a URL in a browser; when none can be, says why (and the URL is copied instead). */
  openUrl(url: string): Promise<{ opened: boolean; reason?: string }>;
  /** Stops the app until the shell's `fg`, the terminal given back meanwhile. */
  suspend(): { reason?: string };
  /** Lets the user edit text in $VISUAL/$EDITOR; the edited text, or why there is none. */
  editText(text: string): { text?: string; reason?: string };
}

/** OSC 52: "set the clipboard to this base64 text", understood by most terminals and by tmux. */
export function osc52(text: string): string {
  return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/** The command that opens a URL on this system, if there is one to try. */
function opener(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): { command: string; args: string[] } | string {
  if (env.BROWSER) return { command: env.BROWSER, args: [] };
  if (env.SSH_CONNECTION || env.SSH_TTY) return 'this is an SSH session, so no browser here can show it';
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no graphical display (DISPLAY is not set)';
  return { command: 'xdg-open', args: [] };
}

export interface TerminalHostOptions {
  stdout: NodeJS.WriteStream;
  guard: TerminalGuard;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** The host of a real terminal. */
export function createTerminalHost({
  stdout,
  guard,
  env,
  platform = process.platform,
}: TerminalHostOptions): Host {
  const copy = (text: string) => {
    stdout.write(osc52(text));
  };
  return {
    copy,
    openUrl: (url) => {
      const how = opener(env, platform);
      if (typeof how === 'string') {
        copy(url);
        return Promise.resolve({ opened: false, reason: `Not opened: ${how}. Copied ${url} instead.` });
      }
      return new Promise((resolve) => {
        const child = childProcess().spawn(how.command, [...how.args, url], {
          detached: true,
          stdio: 'ignore',
        });
        child.once('error', (error) => {
          copy(url);
          resolve({
            opened: false,
            reason: `Could not run ${how.command} (${error.message}). Copied ${url} instead.`,
          });
        });
        child.once('spawn', () => {
          child.unref();
          resolve({ opened: true });
        });
      });
    },
    suspend: () => {
      if (platform === 'win32') return { reason: 'Windows has no Ctrl+Z suspend.' };
      guard.release();
      // Stopped here until `fg`; SIGCONT then lets this call return.
      process.kill(process.pid, 'SIGTSTP');
      guard.reacquire();
      return {};
    },
    editText: (text) => {
      const editor = env.VISUAL || env.EDITOR || 'vi';
      // A private directory and file: the secret is on disk only while the editor runs.
      const directory = mkdtempSync(join(tmpdir(), 'spartera-tui-'));
      const file = join(directory, 'credentials');
      guard.release();
      try {
        writeFileSync(file, text, { mode: 0o600 });
        const run = childProcess().spawnSync(`${editor} "${file}"`, { shell: true, stdio: 'inherit' });
        if (run.error) return { reason: `${editor} could not start (${run.error.message})` };
        if (run.status !== 0)
          return { reason: `${editor} exited with status ${run.status ?? run.signal ?? '?'}` };
        return { text: readFileSync(file, 'utf8') };
      } finally {
        rmSync(directory, { recursive: true, force: true });
        guard.reacquire();
      }
    },
  };
}

/** A host that does nothing (tests of views): copies go nowhere, nothing opens. */
export const INERT_HOST: Host = {
  copy: () => undefined,
  openUrl: () => Promise.resolve({ opened: false, reason: 'No browser in this environment.' }),
  suspend: () => ({ reason: 'Suspending is not possible here.' }),
  editText: () => ({ reason: 'No editor in this environment.' }),
};
