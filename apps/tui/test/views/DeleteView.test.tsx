import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FakeSource } from '../helpers/fake-source.js';
import { KEYS, renderApp } from '../helpers/render.js';

afterEach(() => {
  cleanup();
});

describe('DeleteView', () => {
  it('names the connection and deletes nothing until y', async () => {
    const source = new FakeSource(3);
    const app = renderApp(source);
    await app.waitForText('Warehouse 00002');
    await app.press('j', 'd');
    const screen = await app.waitForText('Delete the connection “Warehouse 00001”?');
    expect(screen).toContain('id conn_00001');
    await app.press(KEYS.esc);
    await app.waitForText('row 2 of 3');
    await app.press('d', 'n');
    await app.waitForText('row 2 of 3');
    expect(source.callsOf('deleteConnection')).toEqual([]);
    await app.press('d', 'y');
    await app.waitForText('Deleted Warehouse 00001.');
    expect(source.callsOf('deleteConnection')).toEqual([['conn_00001']]);
    expect(app.frame()).not.toContain('Warehouse 00001 ');
  });
});
