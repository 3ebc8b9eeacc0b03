import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { Failure } from '../../src/api/failure.js';
import { FakeSource, makeConnection } from '../helpers/fake-source.js';
import { KEYS, renderApp } from '../helpers/render.js';

afterEach(() => {
  cleanup();
});

describe('DetailView', () => {
  it('shows every field, the engine by name and dates both human and exact', async () => {
    const source = new FakeSource(1);
    source.connections[0] = makeConnection(0, {
      provider_domain: 'api.weather.com',
      date_created: '2025-08-01T06:45:10Z',
      last_updated: '2026-11-25T07:30:00Z',
    });
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press(KEYS.enter);
    const screen = await app.waitForText('Connection id');
    for (const text of [
      'conn_00000',
      'Connection number 0',
      'BigQuery (id 1)',
      'SERVICE_ACCOUNT',
      'api.weather.com',
      'PRIVATE',
      'usr_ada',
      'last year  (2025-08-01 06:45:10 UTC)',
      '2 days ago  (2026-11-25 07:30:00 UTC)',
      'write-only, never shown; t tests whether they are stored and work',
    ]) {
      expect(screen).toContain(text);
    }
    expect(source.callsOf('getConnection')).toEqual([['conn_00000']]);
    await app.press(KEYS.esc);
    await app.waitForText('row 1 of 1');
  });

  it('says "no credentials stored" once a test said so, and "none needed" for type NONE', async () => {
    const source = new FakeSource(2);
    source.connections[1] = makeConnection(1, { credential_type: 'NONE' });
    source.testResult = {
      ...source.testResult,
      success: false,
      message: 'No credentials are stored for this BigQuery connection; add them with an update',
    };
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press('t');
    await app.waitForText('No credentials are stored');
    await app.press(KEYS.esc, KEYS.enter);
    await app.waitForText('no credentials stored (the last test said so)');
    await app.press(KEYS.esc, 'j', KEYS.enter);
    await app.waitForText('none needed (credential type NONE)');
  });

  it('says what was not found on a 404', async () => {
    const source = new FakeSource(1);
    source.failures.set('getConnection', new Failure('not-found', 'Resource not found', { status: 404 }));
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press(KEYS.enter);
    const screen = await app.waitForText('Error 404');
    expect(screen).toContain('Not found while loading Warehouse 00000');
  });
});
