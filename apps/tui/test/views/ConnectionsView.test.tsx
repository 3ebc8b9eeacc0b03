import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { Failure } from '../../src/api/failure.js';
import { SEARCH_DEBOUNCE_MS } from '../../src/hooks/useRequests.js';
import { FakeSource } from '../helpers/fake-source.js';
import { KEYS, renderApp } from '../helpers/render.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/**
 * The clock moves only when a test moves it: timers and intervals are fake; setImmediate stays
 * real, so Ink's input and React's effects run as usual.
 */
const useFakeClock = () =>
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });

describe('ConnectionsView', () => {
  it('shows the table with engine names, credential type, the right to use and a human date', async () => {
    const app = renderApp(new FakeSource(3), { columns: 120, rows: 30 });
    const screen = await app.waitForText('Warehouse 00002');
    expect(screen).toContain('NAME');
    expect(screen).toContain('ENGINE');
    expect(screen).toMatch(/RIGHT TO USE\s+LAST UPDATED ▼/);
    expect(screen).toMatch(/▶ Warehouse 00000\s+BigQuery\s+SERVICE_ACCOUNT\s+yes\s+last week/);
    expect(screen).toMatch(/Warehouse 00001\s+Snowflake\s+SERVICE_ACCOUNT\s+no/);
    expect(screen).toContain('row 1 of 3');
  });

  it('renders only the visible window of ten thousand rows and keeps up while scrolling', async () => {
    useFakeClock();
    const source = new FakeSource(10_000);
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    const rows = app
      .frame()
      .split('\n')
      .filter((line) => line.includes('Warehouse '));
    // 30 rows: header, column titles, status, footer and the spare last row leave 25.
    expect(rows).toHaveLength(25);
    // Each j in its own read, none of them waiting for a clock: every one is applied, in order.
    await app.press(...Array.from({ length: 30 }, () => 'j'));
    const screen = await app.waitForText('row 31 of 100+');
    expect(screen).toContain('▶ Warehouse 00030');
    expect(screen).not.toContain('Warehouse 00005 ');
    // The first page holds 100 rows: row 31 needs no other.
    expect(source.callsOf('listConnections')).toHaveLength(1);
  });

  it('goes to the real last row on G, loading every page on the way, and back to the first on g', async () => {
    const source = new FakeSource(1234);
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press('G');
    await app.waitForText('row 1,234 of 1,234 ');
    expect(app.frame()).toContain('▶ Warehouse 01233');
    expect(source.callsOf('listConnections').map(([query]) => (query as { page: number }).page)).toEqual(
      Array.from({ length: 13 }, (_, index) => index + 1),
    );
    await app.press('g');
    await app.waitForText('row 1 of 1,234 ');
  });

  it('filters on the server after typing pauses, cancelling the searches typed over', async () => {
    useFakeClock();
    const source = new FakeSource(30);
    const searches = () =>
      source.callsOf('listConnections').map(([query]) => (query as { search?: string }).search);
    const app = renderApp(source);
    await app.waitForText('Warehouse 00024');
    await app.press('/', '0', '0');
    await app.waitForText('/ 00');
    // Typing goes on before the pause is over: "00" is never searched for.
    await app.advance(SEARCH_DEBOUNCE_MS - 1);
    expect(searches()).toEqual([undefined]);
    await app.press('1', '2');
    await app.advance(SEARCH_DEBOUNCE_MS - 1);
    expect(searches()).toEqual([undefined]);
    // The pause is complete: one search, for what was typed.
    await app.advance(1);
    expect(searches()).toEqual([undefined, '0012']);
    const screen = await app.waitFor(
      (text) => text.includes('Warehouse 00012') && !text.includes('Warehouse 00013'),
      'the filtered list',
    );
    expect(screen.split('\n').filter((line) => line.includes('Warehouse '))).toHaveLength(1);
    await app.press(KEYS.enter);
    await app.waitForText('filter: “0012”');
    await app.press(KEYS.esc);
    await app.waitForText('Warehouse 00024');
    expect(searches()).toEqual([undefined, '0012', undefined]);
  });

  it('says when nothing matches and how to get back', async () => {
    const app = renderApp(new FakeSource(5));
    await app.waitForText('Warehouse 00004');
    await app.press('/', 'z', 'z', KEYS.enter);
    const screen = await app.waitForText('No connection matches “zz”.');
    expect(screen).toContain('Press Esc to clear the filter.');
  });

  it('explains a 401 and how to set the key, and retries with r', async () => {
    const source = new FakeSource(2);
    source.failures.set('listConnections', new Failure('auth', 'Authentication required', { status: 401 }));
    const app = renderApp(source);
    const screen = await app.waitForText('Error 401');
    expect(screen).toContain('--api-key');
    expect(screen).toContain('SPARTERA_API_KEY');
    await app.press('r');
    await app.waitForText('Warehouse 00001');
  });

  it('offers a retry after a network failure instead of crashing', async () => {
    const source = new FakeSource(2);
    source.failures.set('listConnections', new Failure('network', 'connect ECONNREFUSED 127.0.0.1:9'));
    const app = renderApp(source);
    const screen = await app.waitForText('Could not reach the API');
    expect(screen).toContain('press r to retry');
    await app.press('r');
    await app.waitForText('Warehouse 00001');
  });

  it('asks for more room below 80x24 instead of drawing the table', async () => {
    const app = renderApp(new FakeSource(2), { columns: 70, rows: 20 });
    const screen = await app.waitForText('needs at least 80x24');
    expect(screen).toContain('70x20');
    expect(screen).not.toContain('NAME');
  });
});
