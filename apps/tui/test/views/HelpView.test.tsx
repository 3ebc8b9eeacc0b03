import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { helpLines, helpSections, KEY_BINDINGS } from '../../src/keys.js';
import { FakeSource } from '../helpers/fake-source.js';
import { KEYS, renderApp } from '../helpers/render.js';

afterEach(() => {
  cleanup();
});

describe('HelpView', () => {
  it('lists every binding of the key table, paging through them', async () => {
    const app = renderApp(new FakeSource(1), { columns: 120, rows: 40 });
    await app.waitForText('Warehouse 00000');
    await app.press('?');
    // The list's header says "Connections" too: wait for the help itself.
    await app.waitForText('Connections › Help');
    const seen = new Set<string>();
    const last = helpLines().at(-1)?.text ?? '';
    // Page down until the last line is on screen, reading each page once it is drawn.
    let page = app.frame();
    for (;;) {
      for (const line of page.split('\n')) seen.add(line.trim());
      if (page.includes(last)) break;
      const before = page;
      await app.press(KEYS.pageDown);
      page = await app.waitFor((screen) => screen !== before, 'the next page');
    }
    const text = [...seen].join('\n');
    for (const section of helpSections()) {
      expect(text).toContain(section.title);
      for (const row of section.rows) expect(text).toContain(`${row.keys.padEnd(24)} ${row.description}`);
    }
    expect(KEY_BINDINGS.length).toBeGreaterThan(30);
    await app.press(KEYS.esc);
    await app.waitForText('row 1 of 1');
  });

  it('opens at the section of the view it was asked from, and finds keys with / n N', async () => {
    const app = renderApp(new FakeSource(1), { columns: 100, rows: 30 });
    await app.waitForText('Warehouse 00000');
    await app.press(KEYS.enter);
    await app.waitForText('Connection id');
    await app.press('?');
    let screen = await app.waitForText('go back');
    // The first body line is the Detail section's title.
    expect(screen.split('\n')[1]?.trim()).toBe('Detail');
    await app.press('/', 'suspend', KEYS.enter);
    screen = await app.waitForText('suspend to the shell');
    expect(screen).toContain('search “suspend”: n next, N previous');
    await app.press('q');
    await app.waitForText('Connection id');
  });
});
