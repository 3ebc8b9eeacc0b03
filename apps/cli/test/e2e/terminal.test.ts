/**
 * The bin in a real terminal (tmux): tables and colour for a person, NO_COLOR, the key prompt
 * without echo, confirmations, and Ctrl+C in the middle of an apply.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// The project's tmux driver, shared with the TUI's tests and benches.
import { hasTmux, Terminal } from '../../../../scripts/tui-tmux.mjs';
import { CLI, cleanEnv, json, mockEnv, spartera } from '../helpers/cli.js';
import type { ChildMock } from '../helpers/mock.js';
import { DEMO_COMPANY, DEMO_KEY, startMock } from '../helpers/mock.js';

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** `env A=… node cli.js args; echo [exit N]`, so the exit status shows on the screen too. */
function commandLine(args: string[], env: Record<string, string>): string {
  const variables = Object.entries(env)
    .filter(([name]) => /^(SPARTERA_|XDG_CONFIG_HOME$|NO_COLOR$|PATH$|HOME$)/.test(name))
    .map(([name, value]) => `${name}=${quote(value)}`);
  // The trap keeps sh alive through Ctrl+C (a trap, unlike an ignored signal, is not inherited),
  // so the exit status still shows.
  // The sleep keeps the pane alive while it is read: when a pane dies, tmux can scroll it by a line.
  const inner = `trap : INT; ${quote(process.execPath)} ${quote(CLI)} ${args.map(quote).join(' ')}; echo "[exit $?]"; sleep 60`;
  return `env -i TERM=xterm-256color ${variables.join(' ')} sh -c ${quote(inner)}`;
}

const exitOf = (screen: string) => Number(/\[exit (\d+)\]/.exec(screen)?.[1] ?? NaN);
const finished = (screen: string) => /\[exit \d+\]/.test(screen);

let mock: ChildMock;
let terminal: Terminal | undefined;
const tmux = hasTmux();

beforeAll(async () => {
  mock = await startMock(['--latency', '0']);
});
afterEach(() => {
  terminal?.kill();
  terminal = undefined;
});
afterAll(async () => {
  await mock.stop();
});

function open(columns = 100, rows = 30): Terminal {
  terminal = new Terminal({ columns, rows });
  return terminal;
}

describe.skipIf(!tmux)('in a terminal', () => {
  it('prints a table with bold headers, fitted to the width; NO_COLOR turns the colour off', async () => {
    const screen = open(70, 30);
    screen.start(commandLine(['connection', 'list'], mockEnv(mock.url)));
    const text = await screen.waitFor(finished, 'the list');
    expect(exitOf(text)).toBe(0);
    expect(text, text).toMatch(/^ID\s+NAME\s+ENGINE/m);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(70);
    expect(text).toContain('…');
    expect(screen.capture({ colors: true })).toContain('\u001b[1mID');
    screen.kill();

    const plain = open(70, 30);
    plain.start(commandLine(['connection', 'list'], mockEnv(mock.url, { NO_COLOR: '1' })));
    await plain.waitFor(finished, 'the list');
    expect(plain.capture({ colors: true })).not.toContain('\u001b[1m');
  });

  it('reads the key at a prompt without echo, and asks for the company', async () => {
    const env = cleanEnv({ SPARTERA_API_BASE_URL: mock.url });
    const screen = open();
    screen.start(commandLine(['auth', 'login'], env));
    await screen.waitFor((text) => text.includes('API key (not shown as you type):'), 'the key prompt');
    screen.send('-l', DEMO_KEY);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(screen.capture()).not.toContain(DEMO_KEY.slice(0, 12));
    screen.send('Enter');
    await screen.waitFor((text) => text.includes('Company id:'), 'the company prompt');
    screen.send('-l', DEMO_COMPANY);
    screen.send('Enter');
    const text = await screen.waitFor(finished, 'login to finish');
    expect(exitOf(text)).toBe(0);
    expect(text).toContain(`Logged in to ${DEMO_COMPANY}`);
    expect(text).not.toContain(DEMO_KEY.slice(0, 12));
    const saved = JSON.parse(await readFile(join(env.XDG_CONFIG_HOME ?? '', 'spartera/config.json'), 'utf8'));
    expect(saved.profiles.default.apiKey).toBe(DEMO_KEY);
  });

  it('Ctrl+C at the key prompt leaves the terminal as it was and saves nothing (exit 130)', async () => {
    const env = cleanEnv({ SPARTERA_API_BASE_URL: mock.url });
    const screen = open();
    screen.start(commandLine(['auth', 'login', '--company-id', DEMO_COMPANY], env));
    await screen.waitFor((text) => text.includes('API key (not shown'), 'the key prompt');
    screen.send('-l', 'half-typed');
    screen.send('C-c');
    const text = await screen.waitFor(finished, 'the prompt to stop');
    expect(exitOf(text)).toBe(130);
    expect(text).not.toContain('half-typed');
    await expect(readFile(join(env.XDG_CONFIG_HOME ?? '', 'spartera/config.json'))).rejects.toThrow();
  });

  it('asks before a delete: "n" keeps the connection, "y" deletes it', async () => {
    const env = mockEnv(mock.url);
    const { connection_id: id } = json(
      await spartera(['connection', 'create', '--name', 'Ask before deleting', '--engine', '1'], { env }),
    ) as { connection_id: string };
    const no = open();
    no.start(commandLine(['connection', 'delete', id], env));
    await no.waitFor((text) => text.includes('This cannot be undone. [y/N]'), 'the question');
    no.send('n', 'Enter');
    expect(exitOf(await no.waitFor(finished, 'the refusal'))).toBe(1);
    expect((await spartera(['connection', 'get', id], { env })).status).toBe(0);
    no.kill();
    const yes = open();
    yes.start(commandLine(['connection', 'delete', id], env));
    await yes.waitFor((text) => text.includes('[y/N]'), 'the question');
    yes.send('y', 'Enter');
    const text = await yes.waitFor(finished, 'the delete');
    expect(exitOf(text)).toBe(0);
    expect(text).toContain(`Deleted connection ${id}.`);
  });

  it('Ctrl+C during apply finishes the requests in flight, reports, exits 130, and a re-run completes', async () => {
    const slow = await startMock(['--dataset', 'empty', '--latency', '700']);
    try {
      const env = mockEnv(slow.url);
      const work = await mkdtemp(join(tmpdir(), 'spartera-cli-tty-'));
      const path = join(work, 'five.yaml');
      await writeFile(
        path,
        `apiVersion: spartera/v1\nkind: Connections\nconnections:\n${[1, 2, 3, 4, 5].map((n) => `  - name: Slow ${n}\n    engine: BigQuery\n`).join('')}`,
      );
      const screen = open(100, 40);
      screen.start(commandLine(['apply', '-f', path, '--concurrency', '1'], env));
      await screen.waitFor(
        (text) => text.includes('Apply these 5 changes to acme_analytics? [y/N]'),
        'the confirmation',
        20_000,
      );
      screen.send('y', 'Enter');
      await screen.waitFor((text) => /applying: 1\/5 done/.test(text), 'the first create', 20_000);
      screen.send('C-c');
      const text = await screen.waitFor(finished, 'apply to stop', 20_000);
      expect(exitOf(text)).toBe(130);
      expect(text).toContain('Stopping: waiting for the requests in flight');
      expect(text).toMatch(/Interrupted: [12] done, 0 failed, [34] not started\./);
      const created = json(await spartera(['connection', 'list', '--all'], { env })) as { name: string }[];
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(created.length).toBeLessThan(5);
      const rerun = await spartera(['apply', '-f', path, '--yes', '--format', 'json'], {
        env,
        timeoutMs: 60_000,
      });
      expect(rerun.status).toBe(0);
      const names = (json(await spartera(['connection', 'list', '--all'], { env })) as { name: string }[])
        .map((c) => c.name)
        .sort();
      expect(names).toEqual(['Slow 1', 'Slow 2', 'Slow 3', 'Slow 4', 'Slow 5']);
    } finally {
      await slow.stop();
    }
  }, 90_000);
});
