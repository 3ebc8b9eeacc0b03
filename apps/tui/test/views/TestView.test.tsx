import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FakeSource, makeConnection } from '../helpers/fake-source.js';
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

  it('cuts a warehouse message longer than the screen, keeping the latency and the keys below it', async () => {
    const source = new FakeSource(1);
    source.testResult = {
      ...source.testResult,
      success: false,
      message: `Traceback ${'at warehouse.driver.connect(漢字) '.repeat(300)}`,
    };
    const app = renderApp(source, { columns: 80, rows: 24 });
    await app.waitForText('row 1 of 1');
    await app.press('t');
    const screen = await app.waitForText('Connection failed');
    const lines = screen.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    const keys = lines.findIndex((line) => line.includes('Press r to run the test again'));
    expect(lines[keys - 1]).toMatch(/^ Latency 142 ms · tested /);
    expect(lines[keys - 2]).toMatch(/…$/);
  });

  it('names a connection of a very long name by its start while the test runs', async () => {
    const source = new FakeSource(1);
    source.connections = [makeConnection(0, { name: `L${'漢字'.repeat(1500)}` })];
    source.hanging.add('testConnection');
    const app = renderApp(source, { columns: 80, rows: 24 });
    await app.waitForText('row 1 of 1');
    await app.press('t');
    const screen = await app.waitForText('Testing L漢字');
    const lines = screen.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(lines.filter((line) => line.includes('漢字')).length).toBeLessThanOrEqual(2);
    expect(lines.at(-1)).toMatch(/Esc back/);
  });
});
