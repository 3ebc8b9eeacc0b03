import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FakeSource, makeConnection } from '../helpers/fake-source.js';
import { KEYS, renderApp } from '../helpers/render.js';

afterEach(() => {
  cleanup();
});

describe('conventions of the screens', () => {
  it('asks before a filled-in form is discarded; an untouched one just closes', async () => {
    const app = renderApp(new FakeSource(2));
    await app.waitForText('Warehouse 00000');
    await app.press('n', KEYS.esc);
    await app.waitForText('row 1 of 2');
    await app.press('n', 'W', 'i', 'p', KEYS.esc);
    await app.waitForText('Discard the new connection?');
    await app.press('n');
    const form = await app.waitForText('› Name');
    expect(form).toMatch(/› Name\s+Wip/);
    await app.press(KEYS.esc, 'y');
    await app.waitForText('row 1 of 2');
  });

  it('names the connection in the header of every view opened from the list', async () => {
    const app = renderApp(new FakeSource(2));
    await app.waitForText('Warehouse 00000');
    await app.press('t');
    await app.waitForText('Connections › Warehouse 00000 › Test');
    await app.press('q', 'i');
    await app.waitForText('Connections › Warehouse 00000 › Information schema');
    await app.press('q', 'd');
    await app.waitForText('Connections › Warehouse 00000 › Delete');
    await app.press('n', KEYS.enter, 't');
    // From the detail, the name is already in the trail once.
    await app.waitForText('Connections › Warehouse 00000 › Test');
    await app.press('q', 'e');
    let screen = await app.waitForText('› Edit');
    expect(screen).toContain('Connections › Warehouse 00000 › Edit');
    await app.press(KEYS.esc, KEYS.esc, 'e');
    screen = await app.waitFor(
      (text) => text.includes('› Edit') && !text.includes('Connection id'),
      'the form',
    );
    expect(screen).toContain('Connections › Warehouse 00000 › Edit');
  });

  it('q goes back one level in every view, and quits from the list', async () => {
    const app = renderApp(new FakeSource(1));
    await app.waitForText('Warehouse 00000');
    await app.press(KEYS.enter);
    await app.waitForText('Connection id');
    await app.press('i');
    await app.waitForText('▸ sales');
    await app.press(KEYS.enter, 'j', KEYS.enter);
    await app.waitForText('sales.orders: 3 rows');
    await app.press('q');
    await app.waitForText('▾ sales');
    await app.press('q');
    await app.waitForText('Connection id');
    await app.press('q');
    await app.waitForText('row 1 of 1');
  });

  it('clears the schema filter on the first Esc and goes back on the second', async () => {
    const app = renderApp(new FakeSource(1));
    await app.waitForText('Warehouse 00000');
    await app.press('i');
    await app.waitForText('▸ sales');
    await app.press('/', 'order', KEYS.enter);
    await app.waitForText('matching “order”');
    await app.press(KEYS.esc);
    const cleared = await app.waitFor((screen) => !screen.includes('matching'), 'the filter cleared');
    expect(cleared).toContain('▸ marketing');
    await app.press(KEYS.esc);
    await app.waitForText('row 1 of 1');
  });

  it('wraps a long name and description in the detail, and scrolls it', async () => {
    const source = new FakeSource(1);
    const description = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');
    source.connections[0] = makeConnection(0, {
      name: `A rather long name ${'x'.repeat(90)} END`,
      description,
    });
    const app = renderApp(source, { columns: 80, rows: 24 });
    await app.waitForText('A rather long');
    await app.press(KEYS.enter);
    const screen = await app.waitForText('Connection id');
    expect(screen).toContain('END');
    expect(screen).toContain('word0');
    expect(screen).toContain('word20');
    // Nothing of the fields is cut (the header keeps the end of a long trail, with a …).
    expect(screen.split('\n').slice(1).join('\n')).not.toContain('…');
    await app.press(KEYS.pageDown);
    await app.waitForText('Last updated');
  });

  it('shows the right to use and, once tested, the last test result in the list', async () => {
    const app = renderApp(new FakeSource(2), { columns: 120, rows: 30 });
    let screen = await app.waitForText('Warehouse 00001');
    expect(screen).toContain('RIGHT TO USE');
    expect(screen).not.toContain('LAST TEST');
    await app.press('t');
    await app.waitForText('Connection works');
    await app.press(KEYS.esc);
    screen = await app.waitForText('LAST TEST');
    expect(screen).toMatch(/Warehouse 00000.*✓ 142 ms/);
  });

  it('makes words agree with numbers', async () => {
    const source = new FakeSource(1);
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press('n', KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, 'x');
    await app.waitForText('masked (1 character)');
    await app.press('y');
    await app.waitForText('masked (2 characters)');
  });
});

describe('found by trying it as a hostile user', () => {
  it('shows why a paste was refused while the filter box is open', async () => {
    const app = renderApp(new FakeSource(2));
    await app.waitForText('Warehouse 00001');
    await app.press('/');
    app.stdin.write('\u001B[200~two\nlines\u001B[201~');
    await app.waitForText('Nothing pasted: the filter takes one line');
  });

  it('keeps the name column readable at 80 columns', async () => {
    const app = renderApp(new FakeSource(2), { columns: 80, rows: 24 });
    const screen = await app.waitForText('Warehouse 00001');
    const header = screen.split('\n').find((line) => line.includes('NAME')) ?? '';
    expect(header.indexOf('ENGINE') - header.indexOf('NAME')).toBeGreaterThanOrEqual(22);
    expect(screen).toMatch(/Warehouse 00000\s+BigQuery/);
  });

  it('keeps a field’s hint on one line, so a long one never pushes the fields below', async () => {
    const app = renderApp(new FakeSource(1), { columns: 80, rows: 24 });
    await app.waitForText('Warehouse 00000');
    await app.press('n', KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab);
    app.stdin.write('\u001B[200~{\n"a": 1\n}\u001B[201~');
    const screen = await app.waitForText('masked (');
    const lines = screen.split('\n');
    const credentials = lines.findIndex((line) => line.includes('› Credentials'));
    expect(lines[credentials + 1]).toContain('Provider domain');
  });
});
