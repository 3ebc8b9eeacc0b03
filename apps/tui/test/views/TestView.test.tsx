import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FakeSource } from '../helpers/fake-source.js';
import { KEYS, renderApp } from '../helpers/render.js';

afterEach(() => {
  cleanup();
});

describe('TestView', () => {
  it('shows a spinner while the test runs, then the verdict with message and latency', async () => {
    const source = new FakeSource(2);
    source.hanging.add('testConnection');
    const app = renderApp(source);
    await app.waitForText('Warehouse 00001');
    await app.press('t');
    await app.waitForText('Testing Warehouse 00000…');
    source.hanging.delete('testConnection');
    await app.press('r');
    const screen = await app.waitForText('Connection works');
    expect(screen).toContain('Connected to BigQuery project acme-prod');
    expect(screen).toContain('Latency 142 ms');
    expect(source.callsOf('testConnection')).toEqual([['conn_00000'], ['conn_00000']]);
  });

  it('reports a failed test as a failure with its message', async () => {
    const source = new FakeSource(2);
    source.testResult = {
      ...source.testResult,
      success: false,
      message: 'Permission denied on dataset sales',
      latency_ms: 31,
    };
    const app = renderApp(source);
    await app.waitForText('Warehouse 00001');
    await app.press(KEYS.down, 't');
    const screen = await app.waitForText('Connection failed');
    expect(screen).toContain('Permission denied on dataset sales');
    expect(screen).toContain('Latency 31 ms');
    expect(source.callsOf('testConnection')).toEqual([['conn_00001']]);
  });
});
