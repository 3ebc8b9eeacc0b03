import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { FakeSource, INFO_SCHEMA } from '../helpers/fake-source.js';
import { KEYS, renderApp } from '../helpers/render.js';

afterEach(() => {
  cleanup();
});

async function openSchema() {
  const source = new FakeSource(1);
  const app = renderApp(source);
  await app.waitForText('Warehouse 00000');
  await app.press('i');
  await app.waitForText('▸ sales');
  return { app, source };
}

describe('SchemaView', () => {
  it('starts collapsed, expands schemas and tables, shows column types', async () => {
    const { app } = await openSchema();
    expect(app.frame()).toContain('▸ marketing');
    expect(app.frame()).not.toContain('orders');
    await app.press(KEYS.right);
    let screen = await app.waitForText('▸ orders');
    expect(screen).toContain('BASE TABLE · 2 columns');
    expect(screen).toContain('VIEW · 1 column');
    await app.press('j', 'l');
    screen = await app.waitForText('order_id');
    expect(screen).toMatch(/order_id\s+INT64 NOT NULL/);
    expect(screen).toMatch(/amount\s+NUMERIC/);
    await app.press('h');
    await app.waitFor((text) => !text.includes('order_id'), 'the table collapsed');
  });

  it('filters the tree and opens the ancestors of matching columns', async () => {
    const { app } = await openSchema();
    await app.press('/', 'c', 'a', 'm', 'p', 'a', 'i', 'g', 'n', '_');
    const screen = await app.waitForText('campaign_name');
    expect(screen).toContain('▾ marketing');
    expect(screen).not.toContain('sales');
    await app.press(KEYS.esc);
    await app.waitForText('▸ sales');
  });

  it('Enter on a table opens its sample data', async () => {
    const { app, source } = await openSchema();
    await app.press(KEYS.enter, 'j', KEYS.enter);
    await app.waitForText('sales.orders: 3 rows');
    expect(source.callsOf('sampleData')).toEqual([
      ['conn_00000', { schema_name: 'sales', table_name: 'orders', limit: 100 }],
    ]);
  });

  it('keeps a space between a name and its type, when the name fills its column or is cut', async () => {
    // At 100 columns the name column is 53 wide; a table's label is 4 columns of indent and marker.
    const source = new FakeSource(1);
    const [sales] = INFO_SCHEMA.schemas;
    const [orders] = sales?.tables ?? [];
    if (!sales || !orders) throw new Error('the fake schema changed');
    const table = (name: string) => ({ ...orders, table_name: name });
    source.infoSchema = (id) =>
      Promise.resolve({
        connection_id: id,
        schemas: [
          { ...sales, tables: [table('f'.repeat(48)), table('g'.repeat(49)), table('h'.repeat(80))] },
        ],
      });
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press('i');
    await app.waitForText('▸ sales');
    await app.press(KEYS.right);
    const screen = await app.waitForText('BASE TABLE');
    const rows = screen.split('\n').filter((line) => line.includes('BASE TABLE'));
    expect(rows).toHaveLength(3);
    // A name that fills its column would otherwise read as one word with its type ("gggBASE TABLE").
    expect(rows[0]).toMatch(/ f{48} +BASE TABLE/);
    expect(rows[1]).toMatch(/ g+… +BASE TABLE/);
    expect(rows[2]).toMatch(/ h+… +BASE TABLE/);
  });
});
