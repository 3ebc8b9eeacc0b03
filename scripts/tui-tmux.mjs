// Drives the built spartera-tui in a real terminal through tmux, on a private socket so it never
// touches anyone's sessions. Shared by bench/tui-*.mjs and scripts/tui-screenshot.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'apps/tui/dist/cli.js');

/** A wall-clock timestamp in milliseconds with sub-millisecond precision (same clock as the app's trace). */
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function hasTmux() {
  return spawnSync('tmux', ['-V']).status === 0;
}

export function requireBuiltCli() {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: build it first (pnpm exec turbo run build --filter=spartera-tui...)`);
  }
}

let counter = 0;

/**
 * Whether this tmux has `remain-on-exit-format` (3.3 and later). Without it, tmux writes "Pane is
 * dead" under a program that exited, which scrolls the screen's top line away.
 */
const hasDeadFormat = (() => {
  const version = /tmux (?:next-)?(\d+)\.(\d+)/.exec(
    spawnSync('tmux', ['-V'], { encoding: 'utf8' }).stdout ?? '',
  );
  if (!version) return false;
  const [major, minor] = [Number(version[1]), Number(version[2])];
  return major > 3 || (major === 3 && minor >= 3);
})();

export class Terminal {
  constructor({ columns = 100, rows = 30 } = {}) {
    counter += 1;
    this.socket = `spartera-tui-${process.pid}-${counter}`;
    this.session = 'main';
    this.columns = columns;
    this.rows = rows;
    this.control = undefined;
  }

  tmux(...args) {
    const result = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr.trim()}`);
    return result.stdout;
  }

  /** Runs `command` (a shell command line) in a fresh terminal, CI removed from its environment. */
  start(command) {
    // remain-on-exit is on before the program starts: the pane (and its last screen) outlives the
    // program, however quickly it exits, so its last words can be read. tmux would then write
    // "Pane is dead" below them, scrolling the top line off the screen whenever the program's
    // output reached the last row; an empty remain-on-exit-format writes nothing.
    this.tmux(
      'start-server',
      ';',
      'set-option',
      '-g',
      'remain-on-exit',
      'on',
      ';',
      ...(hasDeadFormat ? ['set-option', '-g', 'remain-on-exit-format', '', ';'] : []),
      'new-session',
      '-d',
      '-s',
      this.session,
      '-x',
      String(this.columns),
      '-y',
      String(this.rows),
      `env -u CI -u CONTINUOUS_INTEGRATION ${command}`,
    );
  }

  /**
   * The screen as text (`colors`: with its SGR attributes). Once the program has exited, on a
   * tmux that writes "Pane is dead" under it, the lines that message scrolled away are included.
   */
  capture({ colors = false } = {}) {
    const history = !hasDeadFormat && this.display('#{pane_dead}') === '1' ? ['-S', '-'] : [];
    return this.tmux('capture-pane', '-p', ...history, ...(colors ? ['-e'] : []), '-t', this.session);
  }

  display(format) {
    return this.tmux('display', '-p', '-t', this.session, format).trim();
  }

  send(...keys) {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  /** Writes these bytes to the app in one write, so they arrive in one read (`j` then Ctrl+C). */
  sendBytes(bytes) {
    this.tmux('send-keys', '-t', this.session, '-H', ...[...bytes].map((byte) => byte.toString(16)));
  }

  /**
   * Pastes `text` as a terminal does: wrapped in bracketed-paste markers when the app turned
   * bracketed paste on, as raw typed text otherwise.
   */
  paste(text) {
    this.tmux('set-buffer', '-b', 'paste', '--', text);
    this.tmux('paste-buffer', '-p', '-d', '-b', 'paste', '-t', this.session);
  }

  resize(columns, rows) {
    this.columns = columns;
    this.rows = rows;
    this.tmux('resize-window', '-t', this.session, '-x', String(columns), '-y', String(rows));
  }

  /**
   * Sends keys through one long-lived control-mode client: no process is spawned per key, so
   * the measured latency is the app's, not tmux's start-up.
   */
  sendFast(key) {
    if (!this.control) {
      this.control = spawn('tmux', ['-L', this.socket, '-C', 'attach', '-t', this.session], {
        stdio: ['pipe', 'ignore', 'ignore'],
      });
    }
    this.control.stdin.write(`send-keys -t ${this.session} ${key}\n`);
  }

  /** Whether the program started in this terminal has exited (its last screen stays readable). */
  exited() {
    return this.display('#{pane_dead}') === '1';
  }

  /**
   * Polls the screen until `predicate` holds. The timeout only catches a hang, so it is
   * generous: a busy machine (two cores, several test suites) may take seconds to start the app.
   */
  async waitFor(predicate, what, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.capture();
      if (predicate(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Screen:\n${screen}`);
      await sleep(20);
    }
  }

  kill() {
    this.control?.stdin.end();
    this.control?.kill();
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

/** The app's SPARTERA_TUI_TRACE file, parsed: start time, pid, and every key, frame and ready mark. */
export function readTrace(file) {
  const events = {
    start: undefined,
    pid: undefined,
    keys: [],
    frames: [],
    ready: undefined,
    readyFrame: undefined,
  };
  if (!existsSync(file)) return events;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [kind, time, extra] = line.split(' ');
    const at = Number(time);
    if (kind === 'start') {
      events.start = at;
      events.pid = Number(extra?.replace('pid=', ''));
    } else if (kind === 'key') events.keys.push(at);
    else if (kind === 'frame') events.frames.push({ at, rss: Number(extra?.replace('rss=', '')) });
    else if (kind === 'ready' && events.ready === undefined) events.ready = at;
    else if (kind === 'ready-frame' && events.readyFrame === undefined) events.readyFrame = at;
  }
  return events;
}

/**
 * When the first frame with data was drawn: the frame that followed the app's "ready" mark (the
 * app marks ready while it renders the first tree with data, so that frame is the one).
 */
export function firstDataFrame(trace) {
  return trace.readyFrame;
}

export async function waitForTrace(file, predicate, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const trace = readTrace(file);
    if (predicate(trace)) return trace;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} in ${file}`);
    await sleep(5);
  }
}
