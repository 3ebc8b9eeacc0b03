import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { helpSections, KEY_BINDINGS } from '../../src/keys.js';
import { FakeSource } from '../helpers/fake-source.js';
import { KEYS, renderApp } from '../helpers/render.js';

afterEach(() => {
  cleanup();
});

describe('HelpView', () => {
  it('lists every binding of the key table, scrolling through them', async () => {
    const app = renderApp(new FakeSource(1), { columns: 100, rows: 40 });
    await app.waitForText('Warehouse 00000');
    await app.press('?');
    await app.waitForText('Connections');
    const seen = new Set<string>();
    for (let step = 0; step < 80; step += 1) {
      for (const line of app.frame().split('\n')) seen.add(line.trim());
      await app.press('j');
    }
    const text = [...seen].join('\n');
    for (const section of helpSections()) {
      expect(text).toContain(section.title);
      for (const row of section.rows) expect(text).toContain(`${row.keys.padEnd(22)} ${row.description}`);
    }
    expect(KEY_BINDINGS.length).toBeGreaterThan(30);
    await app.press(KEYS.esc);
    await app.waitForText('row 1 of 1');
  });
});
