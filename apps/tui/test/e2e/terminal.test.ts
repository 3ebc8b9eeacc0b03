import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Drives the built binary (`dist/cli.js --mock`) in a real pseudo-terminal: tmux, on a private
 * socket so it never touches the user's sessions. It builds nothing itself; turbo runs the
 * package's build before its tests.
 */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const SOCKET = `spartera-tui-e2e-${process.pid}`;
/** Select Graphic Rendition sequences: ESC [ params m. */
const SGR = new RegExp(`${String.fromCharCode(27)}\\[([0-9;]*)m`, 'g');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const scratch = mkdtempSync(join(tmpdir(), 'spartera-tui-e2e-'));

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

const screen = (session: string) => tmux('capture-pane', '-p', '-t', session);
const display = (session: string, format: string) => tmux('display', '-p', '-t', session, format).trim();

/**
 * Only a hang detector: a machine running several suites on two cores may take seconds to start
 * node and the app, so the wait is long; what is waited for must still come.
 */
const HANG_MS = 30_000;

async function waitFor(
  session: string,
  predicate: (text: string) => boolean,
  what: string,
  timeoutMs = HANG_MS,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(session);
    if (predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

const waitForText = (session: string, text: string) =>
  waitFor(session, (shown) => shown.includes(text), `"${text}"`);

async function waitForShell(session: string): Promise<void> {
  const deadline = Date.now() + HANG_MS;
  while (display(session, '#{alternate_on}') !== '0') {
    if (Date.now() > deadline)
      throw new Error(`The app did not leave the alternate screen:\n${screen(session)}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

/** A shell in a 100x30 terminal that prints a marker, then starts the app in the foreground. */
async function launch(session: string, extraEnv = ''): Promise<void> {
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '100',
    '-y',
    '30',
    'env -u CI -u CONTINUOUS_INTEGRATION PS1="$ " sh',
  );
  tmux(
    'send-keys',
    '-t',
    session,
    `echo BEFORE-THE-APP; ${extraEnv} node ${CLI} --mock; echo "status=$?"`,
    'Enter',
  );
  await waitForText(session, 'row 1 of');
}

function send(session: string, ...keys: string[]): void {
  tmux('send-keys', '-t', session, ...keys);
}

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  rmSync(scratch, { recursive: true, force: true });
});

const title = hasTmux
  ? 'spartera-tui --mock in a real terminal (tmux)'
  : 'spartera-tui --mock in a real terminal: SKIPPED because tmux is not installed';

describe.skipIf(!hasTmux)(title, () => {
  it('has a built binary to drive', () => {
    expect(existsSync(CLI), `${CLI} is missing: run the package's build first`).toBe(true);
  });

  it('browses with j, Enter, /, Esc, ? and leaves the terminal as it found it on q', async () => {
    const session = 'browse';
    await launch(session);
    expect(display(session, '#{alternate_on}')).toBe('1');
    const first = screen(session);
    expect(first).toContain('demo (mock)');
    expect(first).not.toContain('BEFORE-THE-APP');

    send(session, 'j');
    await waitForText(session, 'row 2 of');
    send(session, 'Enter');
    const detail = await waitForText(session, 'Connection id');
    expect(detail).toContain('write-only, never shown');
    send(session, 'Escape');
    await waitForText(session, 'row 2 of');

    send(session, '/');
    send(session, '-l', 'snowflake');
    await waitFor(
      session,
      (text) => text.includes('Finance on Snowflake') && !text.includes('Legacy shop'),
      'the filtered list',
    );
    send(session, 'Escape');
    await waitForText(session, 'Legacy shop');

    send(session, '?');
    await waitForText(session, 'filter as you type');
    send(session, 'Escape');
    await waitForText(session, 'row 1 of');

    send(session, 'q');
    await waitForShell(session);
    const after = await waitForText(session, 'status=0');
    expect(after).toContain('BEFORE-THE-APP');
    expect(after).not.toContain('NAME');
    expect(display(session, '#{cursor_flag}')).toBe('1');
    // Raw mode is off: the shell echoes what is typed and runs it on Enter.
    send(session, '-l', 'echo cooked-$((40+2))');
    send(session, 'Enter');
    await waitForText(session, 'cooked-42');
  });

  it('honours NO_COLOR and re-lays out on resize, asking for room below 80x24', async () => {
    const session = 'plain';
    await launch(session, 'NO_COLOR=1');
    const coloured = tmux('capture-pane', '-p', '-e', '-t', session);
    // Bold and inverse may stay; no foreground or background colour may be set.
    const codes = [...coloured.matchAll(SGR)].flatMap((match) => (match[1] ?? '').split(';').map(Number));
    const colours = codes.filter(
      (code) => (code >= 30 && code <= 38) || (code >= 40 && code <= 48) || (code >= 90 && code <= 107),
    );
    expect(colours).toEqual([]);
    expect(codes).toContain(7);
    tmux('resize-window', '-t', session, '-x', '70', '-y', '20');
    await waitForText(session, 'needs at least 80x24');
    tmux('resize-window', '-t', session, '-x', '120', '-y', '30');
    await waitFor(
      session,
      (text) => text.includes('row 1 of') && !text.includes('needs at least'),
      'the table again',
    );
    send(session, 'q');
    await waitForShell(session);
  });

  it('restores the terminal on Ctrl+C', async () => {
    const session = 'ctrl-c';
    await launch(session);
    send(session, 'Enter');
    await waitForText(session, 'Connection id');
    send(session, 'C-c');
    await waitForShell(session);
    const after = await waitForText(session, 'status=0');
    expect(after).toContain('BEFORE-THE-APP');
    expect(display(session, '#{cursor_flag}')).toBe('1');
  });

  it('restores the terminal on SIGTERM and exits 143', async () => {
    const session = 'sigterm';
    const trace = join(scratch, 'sigterm.trace');
    await launch(session, `SPARTERA_TUI_TRACE=${trace}`);
    const pid = Number(/pid=(\d+)/.exec(readFileSync(trace, 'utf8'))?.[1]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGTERM');
    await waitForShell(session);
    const after = await waitForText(session, 'status=143');
    expect(after).toContain('BEFORE-THE-APP');
    expect(display(session, '#{cursor_flag}')).toBe('1');
  });
});
