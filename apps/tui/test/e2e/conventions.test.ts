import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockServer } from '@spartera/testing';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import stringWidth from 'string-width';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI, hasTmux, sleep, Terminal } from '../../../../scripts/tui-tmux.mjs';

/**
 * What users bring from k9s, lazygit, gh and htop, tried on the built bin in a real terminal
 * (tmux) against spartera-mock over HTTP: the clipboard, the browser, the mouse, job control, the
 * editor, line editing and the layout at 80 and 200 columns.
 */
const available = hasTmux();
const scratch = mkdtempSync(join(tmpdir(), 'spartera-tui-conventions-'));
let terminal: Terminal | undefined;
let mock: MockServer | undefined;

const ready = (screen: string) => /row 1 of/.test(screen) && !/engine \d/.test(screen);

async function open({
  columns = 120,
  rows = 36,
  env = '',
  flags = '',
  shell = false,
}: { columns?: number; rows?: number; env?: string; flags?: string; shell?: boolean } = {}) {
  mock ??= await createMockServer({ dataset: 'demo' });
  const tui = new Terminal({ columns, rows });
  terminal = tui;
  const settings = `SPARTERA_API_KEY=${DEMO_API_KEY} SPARTERA_COMPANY_ID=${DEMO_COMPANY_ID} SPARTERA_API_BASE_URL=${mock.url}`;
  const command = `XDG_CONFIG_HOME=${scratch} ${env} ${CLI} ${flags}`;
  if (shell) {
    // An interactive shell with job control, as a user's: the app runs in its foreground.
    tui.start(`env ${settings} PS1="$ " sh -i`);
    tui.send('-l', command);
    tui.send('Enter');
  } else {
    tui.start(`env ${settings} sh -c '${command}; echo status=$?; sleep 600'`);
  }
  await tui.waitFor(ready, 'the list with engine names');
  return { tui, server: mock };
}

function script(name: string, body: string): string {
  const file = join(scratch, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const firstRow = (server: MockServer) =>
  server.store.listConnections(DEMO_COMPANY_ID, {
    sortBy: 'last_updated',
    sortOrder: 'desc',
    search: undefined,
  })[0]!;

afterEach(async () => {
  terminal?.kill();
  terminal = undefined;
  mock?.reset();
  await sleep(0);
});

afterAll(async () => {
  await mock?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!available)('spartera-tui conventions in a real terminal (tmux, spartera-mock)', () => {
  it('copies the id (y y) and the name (y n) through the terminal, OSC 52', async () => {
    const { tui, server } = await open();
    tui.tmux('set-option', '-g', 'set-clipboard', 'on');
    const first = firstRow(server);
    tui.send('y');
    await tui.waitFor((screen) => screen.includes('Copy to the clipboard'), 'the copy menu');
    tui.send('y');
    await tui.waitFor((screen) => screen.includes('Copied the id'), 'the copied message');
    expect(tui.tmux('show-buffer')).toBe(first.connection_id);
    tui.send('y');
    await tui.waitFor((screen) => screen.includes('Copy to the clipboard'), 'the copy menu');
    tui.send('n');
    await tui.waitFor((screen) => screen.includes('Copied the name'), 'the copied message');
    expect(tui.tmux('show-buffer')).toBe(first.name);
  });

  it('opens the connection in the web console with o, or says why it cannot', async () => {
    const opened = join(scratch, 'opened.txt');
    const browser = script('browser', `echo "$1" > ${opened}`);
    const { tui, server } = await open({
      env: `SPARTERA_CONSOLE_URL=https://console.example.test BROWSER=${browser}`,
    });
    tui.send('o');
    await tui.waitFor((screen) => screen.includes('Opening https://console.example.test'), 'the message');
    for (let tries = 0; tries < 100; tries += 1) {
      try {
        if (readFileSync(opened, 'utf8').trim() !== '') break;
      } catch {
        // Not written yet.
      }
      await sleep(50);
    }
    expect(readFileSync(opened, 'utf8').trim()).toBe(
      `https://console.example.test/connections/${firstRow(server).connection_id}`,
    );
    tui.kill();
    const unknown = await open({ env: 'BROWSER=/bin/false' });
    unknown.tui.send('o');
    // The whole line is waited for: tmux can show a frame it has only half received.
    const screen = await unknown.tui.waitFor(
      (text) => text.includes('no web console is known for 127.0.0.1'),
      'the reason',
    );
    expect(screen).toContain('Cannot open the web console');
  });

  it('scrolls with the wheel and selects with a click; --no-mouse leaves the mouse to the terminal', async () => {
    const { tui } = await open();
    expect(tui.display('#{mouse_any_flag} #{mouse_sgr_flag}')).toBe('1 1');
    const encode = (text: string) => new TextEncoder().encode(text);
    // Wheel down twice (SGR button 65), then a click on the fifth row (screen row 7, 1-based).
    tui.sendBytes(encode('\u001B[<65;10;5M\u001B[<65;10;5M'));
    await tui.waitFor((screen) => screen.includes('row 3 of'), 'the wheel to move down');
    tui.sendBytes(encode('\u001B[<0;10;7M\u001B[<0;10;7m'));
    await tui.waitFor((screen) => screen.includes('row 5 of'), 'the click to select the fifth row');
    tui.kill();
    const plain = await open({ flags: '--no-mouse' });
    expect(plain.tui.display('#{mouse_any_flag}')).toBe('0');
  });

  it('suspends on Ctrl+Z to the shell, and fg brings the screen back', async () => {
    const { tui } = await open({ shell: true });
    tui.send('j');
    await tui.waitFor((screen) => screen.includes('row 2 of'), 'the second row');
    tui.send('C-z');
    await tui.waitFor(() => tui.display('#{alternate_on}') === '0', 'the shell screen');
    tui.send('-l', 'echo job-$((6*7))');
    tui.send('Enter');
    await tui.waitFor((screen) => screen.includes('job-42'), 'the shell to work');
    tui.send('-l', 'fg');
    tui.send('Enter');
    const back = await tui.waitFor(
      (screen) => screen.includes('Back from the shell') && screen.includes('NAME'),
      'the app again',
    );
    expect(back).toContain('▶');
    tui.send('j');
    await tui.waitFor((screen) => screen.includes('row 3 of'), 'keys to work again');
    tui.send('q');
    await tui.waitFor(() => tui.display('#{alternate_on}') === '0', 'the app to quit');
    tui.send('-l', 'echo after-$((6*7))');
    tui.send('Enter');
    await tui.waitFor((screen) => screen.includes('after-42'), 'the shell again');
  });

  it('reads the credentials from $EDITOR (Ctrl+O) and from @path, never showing them', async () => {
    const secret = '{"type":"service_account","private_key":"EDITOR-SECRET-123"}';
    const editor = script('editor', `printf '%s\\n' '${secret}' > "$1"`);
    const { tui, server } = await open({ env: `EDITOR=${editor}` });
    tui.send('n');
    await tui.waitFor((screen) => screen.includes('New connection'), 'the form');
    tui.send('-l', 'Edited creds');
    tui.send('Tab', 'Tab', 'Right', 'Tab', 'Right', 'Tab');
    await tui.waitFor((screen) => /› Credentials/.test(screen), 'the credentials field');
    tui.send('C-o');
    const masked = await tui.waitFor(
      (screen) => /masked \(\d+ characters\)/.test(screen),
      'the edited credentials',
    );
    expect(masked).not.toContain('EDITOR-SECRET');
    tui.send('C-s');
    await tui.waitFor((screen) => screen.includes('Created connection'), 'the create');
    const edited = server.store.findByName(DEMO_COMPANY_ID, 'Edited creds')!;
    expect(server.store.credentialsEqual(DEMO_COMPANY_ID, edited.connection_id, secret)).toBe(true);

    const file = join(scratch, 'key.json');
    writeFileSync(file, '{"private_key":"FILE-SECRET-456"}\n');
    tui.send('n');
    await tui.waitFor((screen) => screen.includes('New connection'), 'the form');
    tui.send('-l', 'File creds');
    tui.send('Tab', 'Tab', 'Right', 'Tab', 'Right', 'Tab');
    tui.send('-l', `@${file}`);
    await tui.waitFor((screen) => screen.includes('read from that file on save'), 'the file hint');
    tui.send('C-s');
    const created = await tui.waitFor((screen) => screen.includes('Created connection'), 'the create');
    expect(created).not.toContain('FILE-SECRET');
    const fromFile = server.store.findByName(DEMO_COMPANY_ID, 'File creds')!;
    expect(
      server.store.credentialsEqual(
        DEMO_COMPANY_ID,
        fromFile.connection_id,
        '{"private_key":"FILE-SECRET-456"}',
      ),
    ).toBe(true);
  });

  it('edits text fields like a shell line, and shows a 409 beside Name', async () => {
    const { tui, server } = await open();
    server.faults.nextResponses({
      status: 409,
      operationId: 'createConnection',
      message: 'Name already taken',
    });
    tui.send('n');
    await tui.waitFor((screen) => screen.includes('New connection'), 'the form');
    // "bc" ← ← "a" End "d" Home "X" ← Delete, then " zz" Ctrl+W Backspace: abcd.
    tui.send('-l', 'bc');
    tui.send('Left', 'Left', 'a', 'End', 'd', 'Home', 'X', 'Left', 'DC', 'End');
    tui.send('-l', ' zz');
    tui.send('C-w');
    tui.send('BSpace');
    await tui.waitFor((screen) => /› Name\s+abcd\b/.test(screen), 'the edited name');
    tui.send('Tab', 'Tab', 'Right', 'C-s');
    const conflict = await tui.waitFor((screen) => screen.includes('(409)'), 'the conflict');
    const nameLine = conflict.split('\n').find((line) => line.includes('Name'));
    expect(nameLine).toContain('already used by another connection (409)');
  });

  it('fits the footer in 80 columns and adapts the columns at 200', async () => {
    const narrow = await open({ columns: 80, rows: 24 });
    const footer = (await narrow.tui.waitFor(ready, 'the list'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1)!;
    expect(stringWidth(footer)).toBeLessThanOrEqual(80);
    expect(footer).not.toContain('…');
    expect(footer).toMatch(/\? help q quit Enter open/);
    narrow.tui.kill();
    const wide = await open({ columns: 200, rows: 40 });
    const screen = wide.tui.capture();
    const header = screen.split('\n').find((line) => line.includes('NAME'))!;
    expect(header).toContain('DESCRIPTION');
    expect(header).toContain('CREATED');
    expect(header.indexOf('ENGINE') - header.indexOf('NAME')).toBeLessThanOrEqual(50);
    for (const line of screen.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(200);
    wide.tui.send('s');
    await wide.tui.waitFor((text) => text.includes('NAME ▲'), 'the sort mark on NAME');
    wide.tui.send('S');
    await wide.tui.waitFor((text) => text.includes('NAME ▼'), 'the reversed sort');
  });
});
