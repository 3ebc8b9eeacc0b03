import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FakeSource } from '../helpers/fake-source.js';
import { KEYS, renderApp } from '../helpers/render.js';

afterEach(() => {
  cleanup();
});

describe('SampleView', () => {
  it('shows columnar data as rows, NULL for nulls, and never scrolls a table that fits', async () => {
    const app = renderApp(new FakeSource(1), { columns: 80, rows: 24 });
    await app.waitForText('Warehouse 00000');
    await app.press('i');
    await app.waitForText('▸ sales');
    await app.press(KEYS.enter, 'j', KEYS.enter);
    let screen = await app.waitForText('sales.orders: 3 rows');
    expect(screen).toMatch(/order_id\s+amount\s+status\s+region\s+note/);
    expect(screen).toMatch(/1002\s+NULL\s+refunded/);
    expect(screen).toContain('columns 1–5 of 5');
    await app.press(KEYS.right, KEYS.right);
    screen = app.frame();
    expect(screen).toContain('columns 1–5 of 5');
    expect(screen).not.toContain('◀');
    await app.press(KEYS.esc);
    await app.waitForText('▾ sales');
  });

  it('finds cells with /, then n and N walk the matches', async () => {
    const app = renderApp(new FakeSource(1), { columns: 80, rows: 24 });
    await app.waitForText('Warehouse 00000');
    await app.press('i');
    await app.waitForText('▸ sales');
    await app.press(KEYS.enter, 'j', KEYS.enter);
    await app.waitForText('sales.orders: 3 rows');
    await app.press('/', 'paid', KEYS.enter);
    await app.waitForText('search “paid”');
    await app.press('n');
    await app.press('N');
    expect(app.frame()).toContain('search “paid”');
    await app.press('/', 'nowhere', KEYS.enter);
    await app.waitForText('No cell holds “nowhere”.');
  });
});
