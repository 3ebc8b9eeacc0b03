/**
 * Connections as code against spartera-mock: export, validate, plan, apply. The built bin runs where
 * the process is what is proven (exit statuses, stdin, no terminal to confirm on); the other runs
 * call the same `run()` in this process.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json, mockEnv, spartera } from '../helpers/cli.js';
import { runInProcess as cli } from '../helpers/in-process.js';
import { startInProcessMock } from '../helpers/mock.js';

let mock: Awaited<ReturnType<typeof startInProcessMock>>;
let env: Record<string, string>;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'spartera-cli-code-'));
  mock = await startInProcessMock();
  env = mockEnv(mock.url);
});
beforeEach(() => {
  // Each test starts from the demo data, with an empty request log.
  mock.reset();
});
afterAll(async () => {
  await mock.stop();
});

async function file(name: string, text: string): Promise<string> {
  const path = join(work, name);
  await writeFile(path, text);
  return path;
}

const HEADER = 'apiVersion: spartera/v1\nkind: Connections\n';

describe('export', () => {
  it('writes every connection keyed by name, engines by name, no ids, dates or secrets; plan finds nothing to do', async () => {
    const output = join(work, 'export.yaml');
    const result = await spartera(['export', '-o', output], { env });
    expect(result.status).toBe(0);
    const text = await readFile(output, 'utf8');
    const document = parseYaml(text) as {
      apiVersion: string;
      kind: string;
      company: string;
      connections: Record<string, unknown>[];
    };
    expect(document).toMatchObject({
      apiVersion: 'spartera/v1',
      kind: 'Connections',
      company: 'acme_analytics',
    });
    expect(document.connections).toHaveLength(12);
    const names = document.connections.map((connection) => connection.name as string);
    expect(names).toEqual([...names].sort());
    expect(text).not.toMatch(/connection_id|date_created|last_updated|user_id|conn_/);
    expect(document.connections.find((connection) => connection.name === 'Acme BigQuery warehouse')).toEqual({
      name: 'Acme BigQuery warehouse',
      engine: 'BigQuery',
      credential_type: 'SERVICE_ACCOUNT',
      credentials: { fromEnv: 'SPARTERA_CREDENTIALS_ACME_BIGQUERY_WAREHOUSE' },
      description: 'Production analytics warehouse: orders, customers and marketing attribution',
      verified_usage_ability: true,
      visibility: 'PRIVATE',
    });
    // NONE needs no secret: no reference.
    expect(
      document.connections.find((connection) => connection.name === 'Public datasets (Cloud Storage)'),
    ).not.toHaveProperty('credentials');
    expect((await cli(['validate', '-f', output], { env })).status).toBe(0);
    const plan = await spartera(['plan', '-f', output, '--prune', '--detailed-exitcode'], { env });
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain('No changes');
  });

  it('prints YAML on stdout by default and JSON with --format json', async () => {
    const yaml = await cli(['export'], { env });
    expect(yaml.stdout).toMatch(/^# Spartera connections of acme_analytics/);
    const data = json(await cli(['export', '--format', 'json'], { env })) as { connections: unknown[] };
    expect(data.connections).toHaveLength(12);
  });
});

describe('validate', () => {
  it('reports each problem with its line and column, exit 2, offline', async () => {
    const path = await file(
      'invalid.yaml',
      `${HEADER}connections:
  - name: Warehouse
    engin: BigQuery
  - name: Lake
    engine: Databricks
    verified_usage_ability: maybe
    credentials: plain-secret
  - name: Warehouse
    engine: 1.5
`,
    );
    const result = await spartera(['validate', '-f', path], {
      env: { ...env, SPARTERA_API_BASE_URL: 'http://127.0.0.1:9' },
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      `spartera: ${path}:4:5: connections[0]: missing required field "engine"`,
      `spartera: ${path}:5:5: connections[0].engin: unknown field "engin" (did you mean "engine"?)`,
      `spartera: ${path}:8:29: connections[1].verified_usage_ability: must be true or false, not a string`,
      `spartera: ${path}:9:18: connections[1].credentials: must be a reference, { fromEnv: VARIABLE } or { fromFile: path }: a secret is never written in the file`,
      `spartera: ${path}:10:11: connections[2].name: duplicate name "Warehouse" (first used on line 4): names are unique in a company`,
      `spartera: ${path}:11:13: connections[2].engine: must be an engine name (text) or an engine id (a whole number of 1 or more), not 1.5`,
    ]);
    expect(mock.requests).toEqual([]);
  });

  it('reports YAML syntax errors and wrong document kinds, as JSON with --format json', async () => {
    const broken = await file('broken.yaml', `${HEADER}connections:\n  - name: "unterminated\n`);
    const syntax = await cli(['validate', '-f', broken, '--format', 'json'], { env });
    expect(syntax.status).toBe(2);
    const error = JSON.parse(syntax.stderr) as { error: { problems: { line: number; message: string }[] } };
    expect(error.error.problems[0]).toEqual({
      file: broken,
      line: 5,
      column: 1,
      message: 'not valid YAML: Missing closing "quote',
    });
    const kind = await file('kind.yaml', 'apiVersion: spartera/v2\nkind: Connection\nconnections: {}\n');
    const wrong = await cli(['validate', '-f', kind], { env });
    expect(wrong.stderr).toContain('apiVersion: must be "spartera/v1", not "spartera/v2"');
    expect(wrong.stderr).toContain('kind: must be "Connections", not "Connection"');
    expect(wrong.stderr).toContain('connections: must be a list, not a mapping');
    const ok = await spartera(['validate', '-f', '-', '--format', 'json'], {
      env,
      input: `${HEADER}connections: []\n`,
    });
    expect(json(ok)).toEqual({ valid: true, file: '<stdin>', connections: 0 });
  });
});

describe('plan', () => {
  const desired = `${HEADER}company: acme_analytics
connections:
  - name: Acme BigQuery warehouse
    engine: bigquery
    credential_type: SERVICE_ACCOUNT
    description: Moved to the EU
    verified_usage_ability: true
    visibility: PRIVATE
  - name: New lake
    engine: Google Cloud/Cloud Storage
    credential_type: NONE
`;

  it('shows creates, field-by-field updates and (with --prune) deletes; --detailed-exitcode says 2', async () => {
    const path = await file('desired.yaml', desired);
    const result = await spartera(['plan', '-f', path, '--detailed-exitcode'], { env });
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('+ create "New lake"');
    expect(result.stdout).toMatch(
      /~ update "Acme BigQuery warehouse" \(conn_7Hq2xK9pLm\)\n\s+description: +"Production analytics warehouse: orders, customers and marketing attribution" → "Moved to the EU"/,
    );
    expect(result.stdout).toContain('Plan: 1 to create, 1 to update, 0 to delete, 0 unchanged.');
    expect(result.stdout).not.toContain('- delete');
    const pruned = json(await cli(['plan', '-f', path, '--prune', '--format', 'json'], { env })) as {
      changes: { action: string; name: string; fields?: { field: string; from?: unknown; to: unknown }[] }[];
      summary: Record<string, number>;
    };
    expect(pruned.summary).toEqual({ create: 1, update: 1, delete: 11, unchanged: 0 });
    expect(pruned.changes.find((change) => change.action === 'update')?.fields).toEqual([
      {
        field: 'description',
        from: 'Production analytics warehouse: orders, customers and marketing attribution',
        to: 'Moved to the EU',
      },
    ]);
    expect(mock.writes()).toEqual([]);
  });

  it('refuses unknown engines, missing secrets and another company with their place, sending nothing', async () => {
    const path = await file(
      'refused.yaml',
      `${HEADER}connections:
  - name: One
    engine: Oracle
  - name: Two
    engine: PostgreSQL
    credentials: { fromEnv: TWO_PASSWORD }
`,
    );
    const engine = await cli(['plan', '-f', path], { env });
    expect(engine.status).toBe(2);
    expect(engine.stderr).toMatch(
      new RegExp(`^spartera: ${path}:5:13: connections\\[0\\]\\.engine: unknown engine "Oracle"`),
    );
    await writeFile(path, (await readFile(path, 'utf8')).replace('Oracle', 'MySQL'));
    const secret = await cli(['apply', '-f', path, '--yes'], { env });
    expect(secret.status).toBe(2);
    expect(secret.stderr).toBe(
      `spartera: ${path}:8:18: connections[1].credentials: the environment variable TWO_PASSWORD is not set\n`,
    );
    const other = await file('other.yaml', `${HEADER}company: beta_co\nconnections: []\n`);
    const company = await cli(['plan', '-f', other], { env });
    expect(company.status).toBe(2);
    expect(company.stderr).toContain(`${other}:3:10: the file is for company "beta_co"`);
    expect(mock.writes()).toEqual([]);
    // With --detailed-exitcode, 2 means "changes": an error is 1 there.
    expect((await cli(['plan', '-f', other, '--detailed-exitcode'], { env })).status).toBe(1);
  });
});

describe('apply', () => {
  it('needs --yes without a terminal, applies with it, and a second apply writes nothing', async () => {
    const path = await file(
      'apply.yaml',
      `${HEADER}connections:
  - name: Orders database (PostgreSQL)
    engine: PostgreSQL
    credential_type: USERNAME_PASSWORD
    description: Orders, now described here
    verified_usage_ability: true
  - name: Fresh warehouse
    engine: Snowflake
    credential_type: KEY_PAIR
    credentials: { fromFile: key.pem }
    description: made by apply
`,
    );
    await writeFile(
      join(work, 'key.pem'),
      '-----BEGIN PRIVATE KEY-----\nsecret-material\n-----END PRIVATE KEY-----\n',
    );
    const refused = await spartera(['apply', '-f', path], { env });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(mock.requests).toEqual([]);

    const first = await spartera(['apply', '-f', path, '--yes'], { env });
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('✓ created "Fresh warehouse"');
    expect(first.stdout).toContain('✓ updated "Orders database (PostgreSQL)"');
    expect(first.stdout).toContain('Applied: 2 changes.');
    expect(first.stdout + first.stderr).not.toContain('secret-material');
    expect(
      mock
        .writes()
        .map((request) => request.method)
        .sort(),
    ).toEqual(['PATCH', 'POST']);

    mock.clearLog();
    const second = await spartera(['apply', '-f', path, '--yes', '--format', 'json'], { env });
    expect(second.status).toBe(0);
    expect(json(second)).toMatchObject({
      changes: [],
      applied: [],
      summary: { create: 0, update: 0, delete: 0, unchanged: 2 },
    });
    expect(mock.writes()).toEqual([]);
  });

  it('shows a field that had no value as (none) in the plan', async () => {
    await cli(['connection', 'create', '--name', 'Bare', '--engine', '1'], { env });
    const path = await file(
      'bare.yaml',
      `${HEADER}connections:\n  - name: Bare\n    engine: 1\n    visibility: PRIVATE\n`,
    );
    const result = await cli(['apply', '-f', path, '--yes'], { env });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/visibility: +\(none\) → "PRIVATE"/);
  });

  it('--prune deletes what the file leaves out, after the creates and updates', async () => {
    const path = await file(
      'only.yaml',
      `${HEADER}connections:\n  - name: The only one\n    engine: BigQuery\n`,
    );
    const result = await cli(['apply', '-f', path, '--prune', '--yes', '--concurrency', '2'], { env });
    expect(result.status).toBe(0);
    const writes = mock.writes();
    expect(writes[0]?.method).toBe('POST');
    expect(writes.filter((request) => request.method === 'DELETE')).toHaveLength(12);
    const list = json(await cli(['connection', 'list', '--all'], { env })) as { name: string }[];
    expect(list.map((connection) => connection.name)).toEqual(['The only one']);
  });
});
