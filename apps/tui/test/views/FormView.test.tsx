import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { Failure } from '../../src/api/failure.js';
import { FakeSource } from '../helpers/fake-source.js';
import { KEYS, renderApp } from '../helpers/render.js';

afterEach(() => {
  cleanup();
});

const SECRET = '{"type":"service_account","private_key":"TOPSECRET-123"}';

describe('FormView', () => {
  it('creates a connection: engine by name, enum credential type, masked credentials', async () => {
    const source = new FakeSource(1);
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press('n');
    let screen = await app.waitForText('New connection');
    expect(screen).toContain('required');
    expect(screen).toContain('max 255');
    await app.press(...'Sales DW'.split(''));
    await app.press(KEYS.tab, KEYS.tab);
    await app.press(KEYS.right);
    await app.waitForText('◀ BigQuery ▶');
    await app.press(KEYS.right);
    await app.waitForText('◀ PostgreSQL ▶');
    expect(app.frame()).toContain('2 of 3, ← →');
    await app.press(KEYS.tab, KEYS.right, KEYS.right);
    await app.waitForText('◀ USERNAME_PASSWORD ▶');
    await app.press(KEYS.tab, SECRET);
    screen = await app.waitForText(`(${SECRET.length} characters)`);
    expect(screen).not.toContain('TOPSECRET');
    expect(screen).toContain('••••');
    await app.press(KEYS.tab, KEYS.tab, KEYS.tab, ' ');
    await app.waitForText('[x] I have the right');
    await app.press(KEYS.ctrlS);
    await app.waitForText('Created connection conn_new.');
    expect(source.callsOf('createConnection')).toEqual([
      [
        {
          company_id: 'acme',
          name: 'Sales DW',
          engine_id: 3,
          credential_type: 'USERNAME_PASSWORD',
          credentials: SECRET,
          verified_usage_ability: true,
        },
      ],
    ]);
    expect(app.frames.join('\n')).not.toContain('TOPSECRET');
  });

  it('checks lengths and patterns from the spec before sending', async () => {
    const source = new FakeSource(1);
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press('e', KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, 'not a domain', KEYS.ctrlS);
    const screen = await app.waitForText('must be a domain such as');
    expect(screen).toContain('› Provider domain');
    expect(source.callsOf('updateConnection')).toEqual([]);
  });

  it('shows the server’s field errors beside their fields', async () => {
    const source = new FakeSource(1);
    source.failures.set(
      'updateConnection',
      new Failure('invalid', 'Invalid input', {
        status: 400,
        fieldErrors: { name: ['already used by another connection'] },
      }),
    );
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press('e', '!', KEYS.ctrlS);
    const screen = await app.waitForText('already used by another connection');
    expect(screen).toMatch(/Name\s+Warehouse 00000!.*✗ already used by another connection/);
    expect(screen).toContain('The server rejected the connection: Invalid input');
    expect(source.callsOf('updateConnection')).toEqual([['conn_00000', { name: 'Warehouse 00000!' }]]);
  });

  it('keeps every field on its line when the server’s errors are long', async () => {
    const source = new FakeSource(1);
    source.failures.set(
      'updateConnection',
      new Failure('invalid', `Invalid input: ${'the whole request was refused '.repeat(40)}`, {
        status: 400,
        fieldErrors: {
          name: [`must be unique across ${'the whole company and every warehouse '.repeat(40)}`],
          description: ['too long '.repeat(60)],
          owner_team: ['unknown team '.repeat(50)],
        },
      }),
    );
    const app = renderApp(source, { columns: 80, rows: 24 });
    await app.waitForText('Warehouse 00000');
    await app.press('e', '!', KEYS.ctrlS);
    const screen = await app.waitForText('✗ must be unique');
    const lines = screen.split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    // Each label starts its own line, in order, unmixed with any other text.
    const labels = ['Name', 'Description', 'Engine', 'Credential type', 'Credentials', 'Provider domain'];
    const rows = labels.map((label) => lines.findIndex((line) => new RegExp(`^ (›| ) ${label} `).test(line)));
    expect(rows.every((row) => row > 0)).toBe(true);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
    expect(screen).toMatch(/\[ Save \]/);
    expect(lines.filter((line) => line.includes('✗ must be unique'))).toHaveLength(1);
    expect(screen).toMatch(/…/);
    // What is left of the body goes to the messages under the form, the key line stays.
    expect(lines.at(-1)).toMatch(/Ctrl\+S save/);
  });

  it('says nothing changed instead of sending an empty patch', async () => {
    const source = new FakeSource(1);
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press('e', KEYS.ctrlS);
    await app.waitForText('Nothing changed');
    expect(source.callsOf('updateConnection')).toEqual([]);
  });
});

describe('credentials from a file', () => {
  it('says beside Credentials when the @file cannot be read, and sends nothing', async () => {
    const source = new FakeSource(1);
    const app = renderApp(source);
    await app.waitForText('Warehouse 00000');
    await app.press('n', 'N', 'a', 'm', 'e', KEYS.tab, KEYS.tab, KEYS.right, KEYS.tab, KEYS.right, KEYS.tab);
    app.stdin.write('@/nonexistent/spartera-key.json');
    await app.waitForText('read from that file on save');
    await app.press(KEYS.ctrlS);
    const screen = await app.waitForText('✗ cannot read');
    expect(screen).toContain('spartera-key.json (ENOENT)');
    expect(screen).not.toContain('server rejected');
    expect(source.callsOf('createConnection')).toEqual([]);
  });
});
