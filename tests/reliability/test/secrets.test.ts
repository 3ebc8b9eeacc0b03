/**
 * A full session of client, mock and terminal app with a real-looking key and real-looking
 * credentials: everything any of them prints, logs, throws or shows is collected, and neither secret
 * may appear anywhere in it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { Spartera, SparteraError } from '@spartera/client';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startMockProcess } from '@spartera/test-support';
import type { MockProcess } from '@spartera/test-support';
// The same tmux driver the TUI's benchmarks and screenshots use.
import { CLI, hasTmux, Terminal } from '../../../scripts/tui-tmux.mjs';

const API_KEY = 'spk_live_9f3c2a7e4b1d4c8e9a6f0b2d3e5c7a91';
const WRONG_KEY = 'spk_live_0000aaaa1111bbbb2222cccc3333dddd';
const CREDENTIALS =
  '{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEF"}';
const NEW_CREDENTIALS = 'rotated-password-Zq8#vL2!pR7@';
const COMPANY = 'acme_analytics';
// The parts of each secret that must never show; the mock prints a key's last 4 characters on purpose.
const secrets = [
  API_KEY,
  API_KEY.slice(0, -4),
  WRONG_KEY.slice(0, -4),
  'MIIEvQIBADANBgkqhkiG9w0BAQEF',
  NEW_CREDENTIALS,
];

const collected: { source: string; text: string }[] = [];
const collect = (source: string, value: unknown) =>
  collected.push({ source, text: typeof value === 'string' ? value : inspect(value, { depth: 10 }) });

let mock: MockProcess;
let workDir: string;
// Accepts connections and never answers, so that a timeout is certain.
const silentServer = createServer(() => undefined);
let silentServerUrl: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'spartera-secrets-'));
  mock = await startMockProcess(['--port', '0', '--api-key', API_KEY, '--company-id', COMPANY, '--log']);
  await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
  silentServerUrl = `http://127.0.0.1:${(silentServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await mock.stop();
  silentServer.closeAllConnections();
  silentServer.close();
  await rm(workDir, { recursive: true, force: true });
});

/** Records everything about an error a program could print or serialize. */
function collectError(source: string, error: unknown) {
  expect(error).toBeInstanceOf(SparteraError);
  const e = error as SparteraError;
  collect(`${source} message`, e.message);
  collect(`${source} String()`, String(e));
  collect(`${source} JSON`, JSON.stringify(e));
  collect(`${source} inspect`, inspect(e, { depth: 10, showHidden: true }));
  collect(`${source} stack`, e.stack ?? '');
}

describe('a full session', () => {
  test('the client: every operation, with and without errors', async () => {
    const consoleCalls: unknown[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => consoleCalls.push(args)),
    );
    try {
      const client = new Spartera({ apiKey: API_KEY, companyId: COMPANY, baseUrl: mock.url, maxRetries: 0 });
      collect('client inspect', client);
      const { connection_id } = await client.connections.create({
        engine_id: 1,
        name: 'secrets session',
        credential_type: 'SERVICE_ACCOUNT',
        credentials: CREDENTIALS,
      });
      collect('update', await client.connections.update(connection_id, { credentials: NEW_CREDENTIALS }));
      collect('get', await client.connections.get(connection_id));
      collect('list', await client.connections.list({ limit: 100 }));
      collect('test', await client.connections.test(connection_id));
      collect('infoschema', await client.connections.infoSchema(connection_id));

      const failures: [string, () => Promise<unknown>][] = [
        ['404', () => client.connections.get('no_such_connection')],
        [
          '400 with the credentials in the refused body',
          () =>
            client.connections.create({ engine_id: 'one' as unknown as number, credentials: CREDENTIALS }),
        ],
        [
          '401',
          () => new Spartera({ apiKey: WRONG_KEY, companyId: COMPANY, baseUrl: mock.url }).connections.list(),
        ],
        ['403', () => client.connections.list({}, { companyId: 'another_company' })],
        [
          'network',
          () =>
            new Spartera({
              apiKey: API_KEY,
              companyId: COMPANY,
              baseUrl: 'http://127.0.0.1:9',
              maxRetries: 0,
            }).connections.list(),
        ],
        [
          'timeout',
          () =>
            new Spartera({ apiKey: API_KEY, companyId: COMPANY, baseUrl: silentServerUrl }).connections.list(
              {},
              { timeoutMs: 100, maxRetries: 0 },
            ),
        ],
      ];
      for (const [name, call] of failures) {
        const error = await call().then(
          () => new Error(`${name}: expected a failure`),
          (reason: unknown) => reason,
        );
        collectError(`client ${name}`, error);
      }
      collect('delete', await client.connections.delete(connection_id));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    collect('console during the client session', consoleCalls);
  });

  test.skipIf(!hasTmux())(
    'the terminal app: browse, open, test, and type credentials into the create form',
    async () => {
      const tracePath = path.join(workDir, 'trace.log');
      const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
      const env = {
        HOME: workDir,
        XDG_CONFIG_HOME: path.join(workDir, 'config'),
        TERM: 'xterm-256color',
        SPARTERA_TUI_TRACE: tracePath,
      };
      const command = [
        'env',
        ...Object.entries(env).map(([name, value]) => quote(`${name}=${value}`)),
        quote(process.execPath),
        quote(CLI),
        ...['--api-key', API_KEY, '--company-id', COMPANY, '--base-url', mock.url].map(quote),
      ].join(' ');
      const terminal = new Terminal({ columns: 120, rows: 36 });
      try {
        terminal.start(command);
        // A generous bound: the app starts slowly on a busy machine, and waiting longer never
        // changes what the screen must show.
        const waitFor = (predicate: (screen: string) => boolean) =>
          terminal.waitFor(predicate, 'the TUI', 60_000);
        collect('tui list', await waitFor((screen) => /secrets session|BigQuery|Snowflake/.test(screen)));
        terminal.send('Enter');
        collect('tui detail', await waitFor((screen) => /engine/i.test(screen)));
        terminal.send('t');
        collect('tui test', await waitFor((screen) => /ms|fail|success/i.test(screen)));
        terminal.send('Escape');
        terminal.send('Escape');
        terminal.send('n');
        collect('tui create form', await waitFor((screen) => /credential/i.test(screen)));
        terminal.send('-l', 'typed in the terminal');
        terminal.send('Tab', 'Tab', 'Tab', 'Tab');
        await waitFor((screen) => /› Credentials/.test(screen));
        terminal.send('-l', NEW_CREDENTIALS);
        collect('tui credentials typed', await waitFor((screen) => /›\s+Credentials\s+\S/.test(screen)));
        // Saving without an engine is refused beside the field; the typed secret must stay masked.
        terminal.send('C-s');
        collect('tui after save attempt', await waitFor((screen) => /required|engine/i.test(screen)));
        terminal.send('Escape');
        terminal.send('q');
        await new Promise((resolve) => setTimeout(resolve, 500));
        collect('tui after quit', terminal.capture());
      } finally {
        terminal.kill();
      }
      collect('tui trace file', await readFile(tracePath, 'utf8').catch(() => ''));
    },
  );

  test('no API key and no credential appears in anything collected', () => {
    // The mock's start-up lines and its --log line per request.
    collect('spartera-mock output', mock.output());
    expect(collected.length).toBeGreaterThan(10);
    const leaks = collected.flatMap(({ source, text }) =>
      secrets
        .filter((secret) => text.includes(secret))
        .map((secret) => `${source} shows ${secret.slice(0, 12)}…`),
    );
    expect(leaks).toEqual([]);
    // The collection really holds the session: the mock's masked key and the connection were seen.
    const all = collected.map(({ text }) => text).join('\n');
    expect(all).toContain('secrets session');
    expect(all).toContain(`****${API_KEY.slice(-4)}`);
  });
});
