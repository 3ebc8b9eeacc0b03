import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FakeSource, makeConnection } from '../helpers/fake-source.js';
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

  it('fits a name of thousands of characters: the id, the prompt and the border stay whole', async () => {
    const source = new FakeSource(1);
    const name = `L${'漢字'.repeat(1500)}`;
    source.connections = [makeConnection(0, { name })];
    const app = renderApp(source, { columns: 80, rows: 24 });
    await app.waitForText('row 1 of 1');
    await app.press('d');
    let screen = await app.waitForText('Delete the connection');
    const dialog = (text: string) => {
      const lines = text.split('\n');
      const bottom = lines.findIndex((line) => line.includes('╰'));
      return { lines, bottom };
    };
    const { lines, bottom } = dialog(screen);
    // The prompt and the id are the last lines inside the border, each on its own, unmixed.
    expect(lines[bottom - 1]).toMatch(/^ │ Press y to delete it, n or Esc to keep it\. +│$/);
    expect(lines[bottom - 2]).toMatch(/^ │ id conn_00000 · this cannot be undone\. +│$/);
    expect(lines[bottom]).toMatch(/^ ╰─+╯$/);
    // The name is cut where the room ends, and says so.
    expect(lines[bottom - 3]).toMatch(/…/);
    expect(lines.length).toBeLessThanOrEqual(24);

    await app.press(KEYS.esc, 'y');
    screen = await app.waitForText('Copy to the clipboard');
    const menu = dialog(screen);
    expect(menu.lines[menu.bottom - 1]).toMatch(/^ │ Esc copies nothing\./);
    expect(screen).toMatch(/y or i the id: conn_00000/);
    expect(menu.lines[menu.bottom]).toMatch(/^ ╰─+╯$/);
    expect(menu.lines[menu.bottom - 2]).toMatch(/…/);
    expect(source.callsOf('deleteConnection')).toEqual([]);
  });
});
