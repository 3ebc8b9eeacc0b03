import { execFileSync } from 'node:child_process';

/** True when tmux is on the PATH (CI installs it; see .ci/run). */
export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A program running in a detached tmux session of a fixed size, on a private tmux server. */
export class TmuxSession {
  private readonly socket = `spartera-reliability-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly name = 'app';

  constructor(command: string[], env: Record<string, string>, size = { columns: 120, rows: 36 }) {
    const environment = Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    this.tmux([
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(size.columns),
      '-y',
      String(size.rows),
      ...environment,
      '--',
      ...command,
    ]);
    // Keep the pane after the program exits, so what it left on screen can still be read.
    this.tmux(['set-option', '-t', this.name, 'remain-on-exit', 'on']);
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** The visible screen plus the scrollback, as text. */
  capture(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-S', '-', '-t', this.name]);
  }

  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.name, ...keys]);
  }

  /** Types text literally (no key names). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /** Polls the screen until `predicate` holds; throws with the last screen after `timeoutMs`. */
  async waitFor(predicate: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.capture();
      if (predicate(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for the screen; last screen:\n${screen}`);
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
  }
}
