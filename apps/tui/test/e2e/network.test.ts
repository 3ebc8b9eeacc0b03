import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockServer } from '@spartera/testing';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, hasTmux, Terminal } from '../../../../scripts/tui-tmux.mjs';

/**
 * The built bin in a real terminal (tmux) against spartera-mock over HTTP: slow, failing and
 * answer-losing APIs, and data from every script. Each test gets its own mock.
 */
const available = hasTmux();
const scratch = mkdtempSync(join(tmpdir(), 'spartera-tui-network-'));
let terminal: Terminal | undefined;
let mock: MockServer | undefined;

async function open(
  options: Parameters<typeof createMockServer>[0] = {},
  prepare: (server: MockServer) => void = () => undefined,
  size = { columns: 120, rows: 36 },
) {
  mock = await createMockServer({ dataset: 'demo', ...options });
  prepare(mock);
  const tui = new Terminal(size);
  terminal = tui;
  const args = `--base-url ${mock.url} --api-key ${DEMO_API_KEY} --company-id ${DEMO_COMPANY_ID}`;
  tui.start(`sh -c 'XDG_CONFIG_HOME=${scratch} ${CLI} ${args}; echo status=$?; sleep 600'`);
  return { tui, server: mock };
}

afterEach(async () => {
  terminal?.kill();
  terminal = undefined;
  await mock?.close();
  mock = undefined;
});

const operations = (server: MockServer, operationId: Parameters<MockServer['requests']['ofOperation']>[0]) =>
  server.requests.ofOperation(operationId).length;

describe.skipIf(!available)(
  'spartera-tui against a slow or failing API (tmux, spartera-mock over HTTP)',
  () => {
    it('starts with one list request and one engine listing at 300 ms latency, and applies keys typed meanwhile', async () => {
      const { tui, server } = await open({ latencyMs: 300 });
      // Typed before the list is in: applied when it arrives, in order.
      tui.send('j', 'j', 'Enter');
      const detail = await tui.waitFor((screen) => screen.includes('Connection id'), 'the third row opened');
      const third = server.store.listConnections(DEMO_COMPANY_ID, {
        sortBy: 'last_updated',
        sortOrder: 'desc',
        search: undefined,
      })[2];
      expect(detail).toContain(third?.connection_id);
      tui.send('Escape');
      // Engine names in the list: the listing is built.
      await tui.waitFor((screen) => /row 3 of/.test(screen) && !/engine \d/.test(screen), 'the engine names');
      expect(operations(server, 'listConnections')).toBe(1);
      expect(operations(server, 'listCloudProviders')).toBe(1);
      expect(operations(server, 'listStorageEngines')).toBe(server.store.cloudProviders.length);
    });

    it('counts a 429 down from Retry-After at once and retries by itself when it ends', async () => {
      const { tui, server } = await open();
      await tui.waitFor((screen) => /row 1 of/.test(screen), 'the list');
      server.faults.nextResponses({ status: 429, operationId: 'getConnection', retryAfter: 2 });
      tui.send('Enter');
      const waiting = await tui.waitFor(
        (screen) => /Retrying by itself in \d s/.test(screen),
        'the countdown',
      );
      // As the explanation writes it: a bare "429" could be part of the API's port.
      expect(waiting.replace(/\s+/g, '')).toContain('(429)');
      await tui.waitFor((screen) => screen.includes('Connection id'), 'the detail after the retry');
      expect(operations(server, 'getConnection')).toBe(2);
    });

    it('says a failed refresh failed (not "could not load more"), keeping the rows', async () => {
      const { tui, server } = await open();
      await tui.waitFor((screen) => /row 1 of/.test(screen), 'the list');
      // The refresh and both retries fail.
      server.faults.nextResponses({ status: 500, operationId: 'listConnections', count: 3 });
      tui.send('r');
      const screen = await tui.waitFor((text) => text.includes('refresh failed'), 'the refresh failure');
      expect(screen).toMatch(/refresh failed: server error 500 \((retrying in \d s, r now|r retries)\)/);
      expect(screen).not.toContain('could not load more');
      expect(screen).toMatch(/row 1 of \d+/);
      await tui.waitFor((text) => text.includes('r retries'), 'the retries to be spent');
      tui.send('r');
      await tui.waitFor(
        (text) => !text.includes('refresh failed') && /row 1 of/.test(text),
        'a good refresh',
      );
    });

    it('counts a delete whose answer was lost as done once the retry finds 404', async () => {
      const { tui, server } = await open();
      await tui.waitFor((screen) => /row 1 of/.test(screen), 'the list');
      const first = server.store.listConnections(DEMO_COMPANY_ID, {
        sortBy: 'last_updated',
        sortOrder: 'desc',
        search: undefined,
      })[0]!;
      server.faults.dropConnections({ operationId: 'deleteConnection', when: 'after' });
      tui.send('d');
      await tui.waitFor((screen) => screen.includes('cannot be undone'), 'the confirmation');
      tui.send('y');
      const screen = await tui.waitFor(
        (text) => text.includes('it was already gone'),
        'the delete counted as done',
      );
      // Its row is gone; only the message names it.
      expect(
        screen.split('\n').filter((line) => line.includes(first.name ?? '') && !line.includes('Deleted')),
      ).toEqual([]);
      expect(server.store.getConnection(DEMO_COMPANY_ID, first.connection_id)).toBeUndefined();
    });

    it('after a create whose answer was lost, says it may exist and finds it by name', async () => {
      const { tui, server } = await open();
      await tui.waitFor((screen) => /row 1 of/.test(screen) && !/engine \d/.test(screen), 'the list');
      server.faults.dropConnections({ operationId: 'createConnection', when: 'after' });
      tui.send('n');
      await tui.waitFor((screen) => screen.includes('New connection'), 'the form');
      tui.send('-l', 'Lost in transit');
      tui.send('Tab', 'Tab', 'Right', 'C-s');
      const lost = await tui.waitFor((screen) => screen.includes('may exist'), 'the lost answer');
      expect(lost).toContain('Ctrl+F');
      expect(lost).not.toMatch(/press r/i);
      tui.send('C-f');
      const found = await tui.waitFor(
        (screen) => screen.includes('the create went through') && screen.includes('Connection id'),
        'the found connection',
      );
      expect(found).toContain('Lost in transit');
      expect(
        server.store.connections(DEMO_COMPANY_ID).filter((c) => c.name === 'Lost in transit'),
      ).toHaveLength(1);
    });

    it('measures and cuts wide characters by display width, so the columns line up', async () => {
      const names = [
        '東京のデータウェアハウス・本番環境の売上データ',
        'ｆｕｌｌｗｉｄｔｈ ｗａｒｅｈｏｕｓｅ ｎａｍｅ',
        '👩‍👩‍👧 family 🇫🇷 flags 👍🏽 emoji warehouse',
        'Cafe\u0301 re\u0301sume\u0301 combining accents here',
        'plain ascii name for comparison only',
      ];
      const { tui } = await open({ dataset: 'empty' }, (server) => {
        names.forEach((name, index) => {
          server.store.insertConnection({
            connection_id: `conn_wide${index}`,
            company_id: DEMO_COMPANY_ID,
            engine_id: 1,
            name,
            credential_type: 'SERVICE_ACCOUNT',
            date_created: '2026-01-01T00:00:00Z',
            last_updated: `2026-01-0${index + 1}T00:00:00Z`,
          });
        });
      });
      const screen = await tui.waitFor(
        (text) =>
          names.filter((name) => text.includes(name.slice(0, 4))).length === names.length &&
          !/engine \d/.test(text),
        'the wide names',
      );
      // The engine column starts at the same display column on every row.
      const rows = screen.split('\n').filter((line) => line.includes('BigQuery'));
      expect(rows).toHaveLength(names.length);
      const columns = rows.map((line) => stringWidth(line.slice(0, line.indexOf('BigQuery'))));
      expect(new Set(columns).size).toBe(1);
    });

    it("browses the API without ever loading Node's fetch (undici), which would delay every start", async () => {
      mock = await createMockServer({ dataset: 'demo' });
      const tui = new Terminal({ columns: 120, rows: 36 });
      terminal = tui;
      const trace = join(scratch, 'undici.trace');
      const args = `--base-url ${mock.url} --api-key ${DEMO_API_KEY} --company-id ${DEMO_COMPANY_ID}`;
      tui.start(`sh -c 'SPARTERA_TUI_TRACE=${trace} XDG_CONFIG_HOME=${scratch} ${CLI} ${args}; sleep 600'`);
      // The list, the engine listing and a connection's detail: every request of a first look.
      await tui.waitFor((screen) => /row 1 of/.test(screen) && !/engine \d/.test(screen), 'the engine names');
      tui.send('Enter');
      await tui.waitFor((screen) => screen.includes('Connection id'), 'the detail');
      tui.send('Escape');
      await tui.waitFor((screen) => /row 1 of/.test(screen), 'the list again');
      const keys = readFileSync(trace, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('key '));
      expect(keys).toHaveLength(2);
      expect(keys.every((line) => line.endsWith(' undici=0'))).toBe(true);
    });
  },
);

process.on('beforeExit', () => {
  rmSync(scratch, { recursive: true, force: true });
});
