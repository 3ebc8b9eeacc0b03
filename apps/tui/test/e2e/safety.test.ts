import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, hasTmux, Terminal } from '../../../../scripts/tui-tmux.mjs';
import type { HostileApi } from '../helpers/hostile-api.js';
import { HOSTILE, startHostileApi } from '../helpers/hostile-api.js';

/**
 * The built bin in a real terminal (tmux) against an API that answers hostile strings, and hasty
 * fingers: what a user must never see happen.
 */
const available = hasTmux();
const scratch = mkdtempSync(join(tmpdir(), 'spartera-tui-safety-'));
let api: HostileApi;
let terminal: Terminal | undefined;

/**
 * After the app: its exit status, then a pause, so the pane stays alive to be read (tmux scrolls a
 * dead pane's screen up by one line to say it died).
 */
const AFTER = 'echo status=$?; sleep 600';

/** Select Graphic Rendition sequences as tmux reports them: ESC [ params m. */
const SGR = new RegExp(`${String.fromCharCode(27)}\\[([0-9;]*)m`, 'g');

function open(columns = 120, rows = 40, env = ''): Terminal {
  const opened = new Terminal({ columns, rows });
  terminal = opened;
  const args = `--base-url ${api.url} --api-key ${api.apiKey} --company-id ${api.companyId}`;
  opened.start(`sh -c 'XDG_CONFIG_HOME=${scratch} ${env} ${CLI} ${args}; ${AFTER}'`);
  return opened;
}

/** Lines drawn in inverse video, where tmux reports the attributes of a captured screen. */
function inverseLines(screen: string): string[] {
  let inverse = false;
  const found: string[] = [];
  for (const line of screen.split('\n')) {
    let lineInverse = inverse;
    for (const match of line.matchAll(SGR)) {
      const codes = (match[1] ?? '').split(';').map(Number);
      if (codes.includes(7)) lineInverse = inverse = true;
      if (codes.includes(0) || codes.includes(27) || match[1] === '') inverse = false;
    }
    if (lineInverse) found.push(line.replace(SGR, ''));
  }
  return found;
}

beforeAll(async () => {
  if (available) api = await startHostileApi();
});

afterEach(() => {
  terminal?.kill();
  terminal = undefined;
});

afterAll(async () => {
  if (available) await api.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!available)('spartera-tui in a real terminal (tmux) with hostile data', () => {
  it('shows control characters from the API as visible escapes on every screen', async () => {
    const tui = open();
    const checkScreen = async (what: string, ready: (screen: string) => boolean) => {
      const screen = await tui.waitFor(ready, what);
      expect(screen, what).toContain('\\x1b]2;PWNED\\x07');
      expect(tui.display('#{pane_title}'), `${what}: the terminal title`).not.toContain('PWNED');
      // Only the focused row may be in inverse video: no hostile ESC[7m leaked.
      expect(
        inverseLines(tui.capture({ colors: true })).length,
        `${what}: inverse lines`,
      ).toBeLessThanOrEqual(1);
      return screen;
    };
    await checkScreen('the list', (screen) => /row 1 of/.test(screen));
    tui.send('Enter');
    await checkScreen('the detail', (screen) => screen.includes('Connection id') && screen.includes('\\x1b'));
    tui.send('t');
    await checkScreen('the test result', (screen) => /Connection (works|failed)/.test(screen));
    tui.send('Escape');
    tui.send('i');
    await checkScreen('the information schema', (screen) => /\d+ rows? shown/.test(screen));
    // Open the first schema and the first table in it, then its sample data.
    tui.send('l');
    await tui.waitFor((screen) => screen.includes('▾'), 'an opened schema');
    tui.send('j');
    tui.send('Enter');
    await checkScreen('the sample data', (screen) => /\d+ rows?, showing/.test(screen));
    tui.send('Escape');
    tui.send('Escape');
    tui.send('e');
    await checkScreen('the edit form', (screen) => screen.includes('Credential type'));
    tui.send('Escape');
    tui.send('d');
    await checkScreen('the delete confirmation', (screen) => screen.includes('cannot be undone'));
    tui.send('Escape');
    // An error message from the API is untrusted too.
    api.mock.faults.nextResponses({ status: 403, operationId: 'getConnection', message: 'refused' });
    tui.send('Escape');
    tui.send('Enter');
    // "(403)" as the explanation writes it: a bare "403" can be part of the API's port.
    await checkScreen('an error', (screen) => screen.replace(/\s+/g, '').includes('(403)'));
    expect(HOSTILE).toContain('\u001B]2;');
  });
});

describe.skipIf(!available)('spartera-tui in a real terminal (tmux) with huge values', () => {
  it('stays responsive when every string is 180,000 characters long, and shows each cut with a note', async () => {
    // Wide characters and control characters too: every one of them is measured or escaped.
    const huge = await startHostileApi({ suffix: `${'東'.repeat(100_000)}${'\u001B[7m'.repeat(20_000)}` });
    try {
      const tui = new Terminal({ columns: 120, rows: 40 });
      terminal = tui;
      const args = `--base-url ${huge.url} --api-key ${huge.apiKey} --company-id ${huge.companyId}`;
      tui.start(`sh -c 'XDG_CONFIG_HOME=${scratch} ${CLI} ${args}; ${AFTER}'`);
      await tui.waitFor((screen) => /row 1 of/.test(screen) && screen.includes('東東'), 'the list');
      tui.send('j');
      await tui.waitFor((screen) => /row 2 of/.test(screen), 'the cursor on row 2');
      tui.send('Enter');
      await tui.waitFor((screen) => /^ Name {2,}Product/m.test(screen), 'the detail');
      // The detail wraps the name and the description whole; the end of each says how long it was.
      const body = (screen: string) => screen.split('\n').slice(1, -3).join('\n');
      tui.send('G');
      await tui.waitFor(
        (screen) => /cut: [\d,]+\s+characters\s+in\s+all/.test(body(screen)),
        'the note that ends a cut value',
      );
      tui.send('q', 'q');
      await tui.waitFor((screen) => screen.includes('status=0'), 'the app to quit');
    } finally {
      await huge.close();
    }
  });
});

describe.skipIf(!available)('spartera-tui in a real terminal (tmux) with hasty fingers', () => {
  it('below the minimum size, acts on q, Ctrl+C and resizing only: j d y delete nothing', async () => {
    const before = api.mock.store.connections(api.companyId).length;
    const tui = open(100, 30);
    await tui.waitFor((screen) => /row 1 of/.test(screen), 'the list');
    tui.resize(60, 20);
    await tui.waitFor((screen) => screen.includes('needs at least 80x24'), 'the size warning');
    tui.send('j', 'd', 'y', 'Enter', 'n', 'Escape');
    tui.sendBytes(new TextEncoder().encode('jdy\r'));
    tui.resize(100, 30);
    const screen = await tui.waitFor((text) => /row \d+ of/.test(text), 'the list again');
    expect(screen).toContain('row 1 of');
    expect(screen).not.toContain('Delete the connection');
    expect(api.mock.store.connections(api.companyId)).toHaveLength(before);
    expect(api.mock.requests.all().some((request) => request.method === 'DELETE')).toBe(false);
    tui.resize(70, 20);
    await tui.waitFor((text) => text.includes('needs at least 80x24'), 'the size warning');
    tui.send('q');
    await tui.waitFor((text) => text.includes('status=0'), 'the app to quit on q');
  });

  it('judges a key typed right after a resize by the new size, without waiting for the redraw', async () => {
    const before = api.mock.store.connections(api.companyId).length;
    const tui = open(100, 30);
    await tui.waitFor((screen) => /row 1 of/.test(screen), 'the list');
    // No wait between the resize and the keys: they may reach the app before its resize signal.
    tui.resize(60, 20);
    tui.sendBytes(new TextEncoder().encode('jdy'));
    await tui.waitFor((screen) => screen.includes('needs at least 80x24'), 'the size warning');
    tui.resize(100, 30);
    const screen = await tui.waitFor((text) => /row \d+ of/.test(text), 'the list again');
    expect(screen).toContain('row 1 of');
    expect(screen).not.toContain('Delete the connection');
    expect(api.mock.store.connections(api.companyId)).toHaveLength(before);
  });

  it('handles every key of one read in order: j then Ctrl+C in one write quits', async () => {
    const tui = open(100, 30);
    await tui.waitFor((screen) => /row 1 of/.test(screen), 'the list');
    tui.sendBytes(new Uint8Array([0x6a, 0x6a, 0x03]));
    await tui.waitFor((screen) => screen.includes('status=0'), 'Ctrl+C inside a chunk to quit');
  });

  it('saves on a Ctrl+S that arrives in the same read as the last typed characters', async () => {
    const tui = open(100, 30);
    // Engine names shown: the engine listing is in, so → can pick one.
    await tui.waitFor(
      (screen) => /row 1 of/.test(screen) && !/engine \d/.test(screen),
      'the list and engines',
    );
    tui.send('n');
    await tui.waitFor((screen) => screen.includes('New connection'), 'the form');
    // Name, then the engine (Tab Tab → first engine), typed and saved in one write.
    const name = `Chunked ${Date.now()}`;
    tui.sendBytes(new TextEncoder().encode(`${name}\t\t\u001B[C\u0013`));
    await tui.waitFor((screen) => screen.includes('Created connection'), 'the created flash');
    expect(api.mock.store.findByName(api.companyId, name)).toBeDefined();
  });

  it('takes a multi-line paste as the text of Credentials, and refuses it in one-line fields', async () => {
    const tui = open(120, 36);
    await tui.waitFor(
      (screen) => /row 1 of/.test(screen) && !/engine \d/.test(screen),
      'the list and engines',
    );
    tui.send('n');
    await tui.waitFor((screen) => screen.includes('New connection'), 'the form');
    const secret = '{\n  "type": "service_account",\n  "private_key": "-----BEGIN KEY-----\\nMIIE\\n"\n}';
    // Into Name: refused with a message, nothing typed, no Enter pressed.
    tui.paste(secret);
    let screen = await tui.waitFor((text) => text.includes('Nothing pasted'), 'the refusal');
    expect(screen).toMatch(/› Name\s+max 255/);
    expect(screen).not.toContain('service_account');
    tui.send('-l', 'Pasted creds');
    tui.send('Tab', 'Tab', 'Right', 'Tab', 'Right', 'Tab');
    await tui.waitFor((text) => /› Credentials/.test(text), 'the credentials field');
    tui.paste(secret);
    screen = await tui.waitFor((text) => /\(\d+ characters/.test(text), 'the masked credentials');
    // Still on Credentials: the line breaks moved nothing, and nothing of the secret is shown.
    expect(screen).toMatch(/› Credentials/);
    expect(screen).not.toContain('service_account');
    expect(screen).not.toContain('MIIE');
    tui.send('C-s');
    await tui.waitFor((text) => text.includes('Created connection'), 'the created flash');
    const created = api.mock.store.findByName(api.companyId, 'Pasted creds');
    expect(created).toBeDefined();
    expect(api.mock.store.credentialsEqual(api.companyId, created!.connection_id, secret)).toBe(true);
  });

  it('shows every character of a typed name that hides zero-width characters', async () => {
    const tui = open(120, 36);
    await tui.waitFor((screen) => /row 1 of/.test(screen), 'the list');
    tui.send('n');
    await tui.waitFor((screen) => screen.includes('New connection'), 'the form');
    // Ink gave each invisible character a cell the terminal does not: the end of the name vanished.
    const name = 'Ops\u200Bdb\u200Bmain';
    tui.paste(name);
    const typing = await tui.waitFor((screen) => /› Name +Ops/.test(screen), 'the typed name');
    expect(typing).toMatch(/› Name {12}Ops\\u200bdb\\u200bmain {2,}max 255/);
    tui.send('Tab');
    const shown = await tui.waitFor((screen) => /› Description/.test(screen), 'the next field');
    expect(shown).toMatch(/ {3}Name {12}Ops\\u200bdb\\u200bmain {2,}max 255/);
    // The hints after the field stay in their column.
    const lines = shown.split('\n');
    const column = (hint: string) => {
      const line = lines.find((text) => text.includes(hint)) ?? '';
      return line.indexOf(hint);
    };
    expect(column('max 255')).toBe(column('max 4096'));
  });

  it('keeps the hints after a field in their column when the typed text starts with a combining mark', async () => {
    const tui = open(120, 36);
    await tui.waitFor((screen) => /row 1 of/.test(screen), 'the list');
    tui.send('n');
    await tui.waitFor((screen) => screen.includes('New connection'), 'the form');
    tui.paste('\u0301ab');
    const screen = await tui.waitFor((text) => /› Name +\S+ +max 255/.test(text), 'the typed name');
    // Columns as the terminal counts them: a mark it drew over the cell before takes none.
    const lines = screen.split('\n');
    const column = (hint: string) => {
      const line = lines.find((text) => text.includes(hint)) ?? '';
      return stringWidth(line.slice(0, line.indexOf(hint)));
    };
    expect(column('max 255')).toBe(column('max 4096'));
    expect(screen).toMatch(/› Name {12}\\u0301ab/);
  });

  it('names the config file it actually read in the 401 hint ($XDG_CONFIG_HOME honoured)', async () => {
    const tui = new Terminal({ columns: 120, rows: 30 });
    terminal = tui;
    const args = `--base-url ${api.url} --api-key wrong-key-123456 --company-id ${api.companyId}`;
    tui.start(`sh -c 'XDG_CONFIG_HOME=${scratch}/xdg ${CLI} ${args}; ${AFTER}'`);
    // "(401)" as the hint writes it: a bare "401" can be part of the API's port in the header line.
    const screen = await tui.waitFor(
      (text) => text.replace(/\s+/g, '').includes('(401)'),
      'the 401 explanation',
    );
    expect(screen.replace(/\s+/g, '')).toContain(`${scratch}/xdg/spartera/config.json`);
    expect(screen).not.toContain('wrong-key-123456');
  });

  it.skipIf(!existsSync('/proc/self/cmdline'))('runs node with the V8 flags of its shebang', async () => {
    const trace = join(scratch, 'flags.trace');
    const tui = open(100, 30, `SPARTERA_TUI_TRACE=${trace}`);
    await tui.waitFor((screen) => /row 1 of/.test(screen), 'the list');
    const pid = /pid=(\d+)/.exec(readFileSync(trace, 'utf8'))?.[1];
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine).toContain('--optimize-for-size');
  });

  it('prints a plain message instead of full-screen control codes when TERM=dumb', async () => {
    const tui = new Terminal({ columns: 100, rows: 30 });
    terminal = tui;
    tui.start(`sh -c 'TERM=dumb ${CLI} --mock; ${AFTER}'`);
    const screen = await tui.waitFor((text) => text.includes('status=2'), 'the message');
    expect(screen).toContain('cannot show a full-screen app');
    expect(tui.display('#{alternate_on}')).toBe('0');
  });
});
