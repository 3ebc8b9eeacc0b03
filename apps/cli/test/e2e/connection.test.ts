/**
 * `spartera connection …` and `spartera engine list` against spartera-mock over HTTP: every
 * command, the formats, and every exit code. The built bin runs where the process is what is proven
 * (exit statuses, output off a terminal, stdin closed, --version); the other runs call the same
 * `run()` in this process, which is what the bin calls.
 */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, json, mockEnv, spartera } from '../helpers/cli.js';
import { runInProcess as cli } from '../helpers/in-process.js';
import type { ChildMock } from '../helpers/mock.js';
import { DEMO_KEY, startInProcessMock } from '../helpers/mock.js';

let mock: ChildMock;
let env: Record<string, string>;
let work: string;
beforeAll(async () => {
  mock = await startInProcessMock();
  env = mockEnv(mock.url);
  work = await mkdtemp(join(tmpdir(), 'spartera-cli-e2e-'));
});
afterAll(async () => {
  await mock.stop();
});
beforeEach(() => {
  mock.clearLog();
});

interface ConnectionJson {
  connection_id: string;
  name: string;
  engine_id: number;
  description?: string;
  credential_type?: string;
  verified_usage_ability?: boolean;
}

describe('connection list', () => {
  it('prints the API data as JSON when stdout is not a terminal, exit 0', async () => {
    const result = await spartera(['connection', 'list'], { env });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const list = json(result) as ConnectionJson[];
    expect(list).toHaveLength(12);
    expect(list[0]).toMatchObject({ connection_id: expect.any(String), company_id: 'acme_analytics' });
    // JSON is for machines: no colour codes, whatever the terminal.
    expect(result.stdout).not.toContain('\u001b');
  });

  it('answers to the official CLI’s words: connections, -f json, and -o FILE', async () => {
    const file = join(work, 'list.json');
    const result = await spartera(['connections', 'list', '-f', 'json', '-o', file], { env });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveLength(12);
  });

  it('prints an aligned table with engine names when asked', async () => {
    const result = await cli(['connection', 'list', '--format', 'table', '--search', 'bigquery'], {
      env,
    });
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+ENGINE\s+CREDENTIALS\s+VERIFIED\s+UPDATED$/);
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(1)) expect(line).toMatch(/^conn_\w+\s+.*BigQuery/);
    // Columns line up: every row's ENGINE column starts where the header's does.
    const engineAt = lines[0]!.indexOf('ENGINE');
    for (const line of lines.slice(1)) expect(line.slice(engineAt)).toMatch(/^BigQuery /);
  });

  it('writes CSV with every field and RFC 4180 quoting, and YAML', async () => {
    const csv = await cli(
      ['connection', 'list', '--format', 'csv', '--sort-by', 'name', '--sort-order', 'asc'],
      {
        env,
      },
    );
    expect(csv.status).toBe(0);
    const [header, first] = csv.stdout.split('\n');
    expect(header).toBe(
      'connection_id,name,engine_id,credential_type,description,provider_domain,verified_usage_ability,visibility,user_id,company_id,date_created,last_updated',
    );
    // "Production analytics warehouse: orders, customers and marketing attribution" holds commas.
    expect(first).toContain('"Production analytics warehouse: orders, customers and marketing attribution"');
    const yaml = await cli(['connection', 'list', '--format', 'yaml', '--limit', '1'], { env });
    expect(yaml.stdout).toMatch(/^- connection_id: conn_\w+\n {2}company_id: acme_analytics\n/);
  });

  it('pages with --limit, --page and --all', async () => {
    const two = json(
      await cli(['connection', 'list', '--limit', '2', '--sort-by', 'name', '--sort-order', 'asc'], {
        env,
      }),
    ) as ConnectionJson[];
    const next = json(
      await cli(
        ['connection', 'list', '--limit', '2', '--page', '2', '--sort-by', 'name', '--sort-order', 'asc'],
        { env },
      ),
    ) as ConnectionJson[];
    expect(two.map((c) => c.name)).toEqual(['Acme BigQuery warehouse', 'Finance on Snowflake']);
    expect(next).toHaveLength(2);
    expect(next[0]!.name).not.toBe(two[0]!.name);
    const many = await cli(['--company-id', 'acme_analytics', 'connection', 'list', '--all'], { env });
    expect(json(many)).toHaveLength(12);
  });

  it('rejects bad paging flags with exit 2 and sends nothing', async () => {
    for (const args of [
      ['connection', 'list', '--limit', '0'],
      ['connection', 'list', '--limit', 'ten'],
      ['connection', 'list', '--all', '--limit', '5'],
      ['connection', 'list', '--sort-order', 'up'],
      ['connection', 'list', '--format', 'xml'],
    ]) {
      const result = await cli(args, { env });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^spartera: .+\n$/);
    }
    expect(mock.requests).toEqual([]);
  });
});

describe('connection get', () => {
  it('prints one connection as JSON, or as FIELD VALUE lines', async () => {
    const result = await cli(['connection', 'get', 'conn_7Hq2xK9pLm'], { env });
    expect(result.status).toBe(0);
    expect(json(result)).toMatchObject({ connection_id: 'conn_7Hq2xK9pLm', name: 'Acme BigQuery warehouse' });
    const table = await cli(['connection', 'get', 'conn_7Hq2xK9pLm', '-f', 'table'], { env });
    expect(table.stdout).toMatch(/^connection_id\s+conn_7Hq2xK9pLm$/m);
    expect(table.stdout).toMatch(/^engine_id\s+1 \(BigQuery\)$/m);
  });

  it('exits 1 on a 404 with one line on stderr, JSON with --format json', async () => {
    const text = await spartera(['connection', 'get', 'conn_missing'], { env });
    expect(text.status).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toBe(
      'spartera: 404 Connection conn_missing not found (GET /companies/acme_analytics/connections/conn_missing)\n',
    );
    const asJson = await spartera(['connection', 'get', 'conn_missing', '--format', 'json'], { env });
    expect(asJson.status).toBe(1);
    expect(JSON.parse(asJson.stderr)).toEqual({
      error: {
        type: 'NotFoundError',
        status: 404,
        exit_code: 1,
        message:
          '404 Connection conn_missing not found (GET /companies/acme_analytics/connections/conn_missing)',
      },
    });
  });

  it('exits 2 for a malformed id or a missing one, before any request', async () => {
    const missing = await spartera(['connection', 'get'], { env });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'id'");
    const malformed = await spartera(['connection', 'get', '../etc'], { env });
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain('connection_id');
    expect(mock.requests).toEqual([]);
  });
});

describe('connection create, update, delete', () => {
  it('creates from flags with the engine by name and the secret from a variable; never echoes it', async () => {
    const secret = '{"type":"service_account","private_key":"never-print-me"}';
    const result = await cli(
      [
        'connection',
        'create',
        '--name',
        'Created by flags',
        '--engine',
        'bigquery',
        '--credential-type',
        'service_account',
        '--credentials-env',
        'MY_SA',
        '--verified',
        '--description',
        'made in a test',
      ],
      { env: { ...env, MY_SA: secret } },
    );
    expect(result.status).toBe(0);
    const { connection_id: id } = json(result) as { connection_id: string };
    expect(result.stdout + result.stderr).not.toContain('never-print-me');
    const created = json(await cli(['connection', 'get', id], { env })) as ConnectionJson;
    expect(created).toMatchObject({
      name: 'Created by flags',
      engine_id: 1,
      credential_type: 'SERVICE_ACCOUNT',
      verified_usage_ability: true,
      description: 'made in a test',
    });
    // The mock says it holds credentials: the test of a connection with none fails.
    const tested = await cli(['connection', 'test', id], { env });
    expect(tested.status).toBe(0);
  });

  it('creates from a YAML file, or from stdin, with credentials from a file beside it', async () => {
    await writeFile(join(work, 'sa.json'), '{"type":"service_account"}\n');
    await writeFile(
      join(work, 'one.yaml'),
      'name: From a file\nengine: PostgreSQL\ncredential_type: USERNAME_PASSWORD\ncredentials:\n  fromFile: sa.json\n',
    );
    const fromFile = await cli(['connection', 'create', '-f', 'one.yaml'], { env, cwd: work });
    expect(fromFile.status).toBe(0);
    const fromStdin = await cli(['connection', 'create', '-f', '-', '--name', 'From stdin'], {
      env,
      input: '{"engine": 9, "description": "piped"}',
    });
    expect(fromStdin.status).toBe(0);
    const created = json(
      await cli(['connection', 'get', (json(fromStdin) as { connection_id: string }).connection_id], {
        env,
      }),
    );
    expect(created).toMatchObject({ name: 'From stdin', engine_id: 9, description: 'piped' });
  });

  it('refuses a secret typed as a flag value, an unknown engine and a bad file, sending nothing', async () => {
    const inline = await cli(
      ['connection', 'create', '--name', 'x', '--engine', '1', '--credentials', 'hunter2'],
      { env },
    );
    expect(inline.status).toBe(2);
    expect(inline.stderr).toContain('--credentials takes @FILE');
    expect(inline.stderr).not.toContain('hunter2');
    const engine = await cli(['connection', 'create', '--name', 'x', '--engine', 'BigQeury'], { env });
    expect(engine.status).toBe(2);
    expect(engine.stderr).toContain('unknown engine "BigQeury" (did you mean "BigQuery"?)');
    await writeFile(join(work, 'bad.yaml'), 'name: x\nengine: 1\nverified: yes\n');
    const file = await cli(['connection', 'create', '-f', 'bad.yaml'], { env, cwd: work });
    expect(file.status).toBe(2);
    expect(file.stderr).toBe(
      'spartera: bad.yaml:3:1: verified: unknown field "verified" (did you mean "verified_usage_ability"?)\n',
    );
    const type = await cli(
      ['connection', 'create', '--name', 'x', '--engine', '1', '--credential-type', 'PASSWORD'],
      { env },
    );
    expect(type.status).toBe(2);
    expect(type.stderr).toContain('--credential-type must be one of SERVICE_ACCOUNT');
    expect(mock.writes()).toEqual([]);
  });

  it('a duplicate name is the API’s 409: exit 1, naming the conflict', async () => {
    const result = await cli(['connection', 'create', '--name', 'Acme BigQuery warehouse', '--engine', '1'], {
      env,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^spartera: 409 .*\(POST \/companies\/acme_analytics\/connections\)\n$/);
  });

  it('updates only the fields given, and clears a description with an empty string', async () => {
    const { connection_id: id } = json(
      await cli(['connection', 'create', '--name', 'To update', '--engine', '1', '--description', 'before'], {
        env,
      }),
    ) as { connection_id: string };
    const result = await cli(
      ['connection', 'update', id, '--description', '', '--no-verified', '--format', 'table'],
      { env },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Updated connection ${id}.\n`);
    expect(json(await cli(['connection', 'get', id], { env }))).toMatchObject({
      name: 'To update',
      description: '',
      verified_usage_ability: false,
    });
    const nothing = await cli(['connection', 'update', id], { env });
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('nothing to update');
  });

  it('deletes with --yes; without it and without a terminal, refuses with exit 2', async () => {
    const { connection_id: id } = json(
      await cli(['connection', 'create', '--name', 'To delete', '--engine', '1'], { env }),
    ) as { connection_id: string };
    mock.clearLog();
    const refused = await spartera(['connection', 'delete', id], { env });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('delete needs --yes');
    expect(mock.requests).toEqual([]);
    const deleted = await cli(['connection', 'rm', id, '-y'], { env });
    expect(deleted.status).toBe(0);
    expect(json(deleted)).toEqual({ connection_id: id });
    expect((await cli(['connection', 'get', id], { env })).status).toBe(1);
  });
});

describe('connection test', () => {
  it('exits 0 when the test passes and 3 when it fails, with the result as data', async () => {
    const passed = await spartera(['connection', 'test', 'conn_7Hq2xK9pLm'], { env });
    expect(passed.status).toBe(0);
    expect(json(passed)).toMatchObject({ connection_id: 'conn_7Hq2xK9pLm', success: true });
    const failed = await spartera(['connection', 'test', 'conn_MySqLLegcy'], { env });
    expect(failed.status).toBe(3);
    expect(json(failed)).toMatchObject({ success: false });
    expect(failed.stderr).toMatch(/^spartera: connection conn_MySqLLegcy failed its test: .+\n$/);
  });

  it('--all tests every connection with bounded concurrency and sums up; exit 3 on a failure', async () => {
    const result = await cli(['connection', 'test', '--all', '--concurrency', '3', '--format', 'json'], {
      env,
    });
    expect(result.status).toBe(3);
    const summary = json(result) as {
      total: number;
      passed: number;
      failed: number;
      errors: number;
      results: { success: boolean; latency_ms?: number; message: string }[];
    };
    expect(summary.total).toBeGreaterThanOrEqual(12);
    expect(summary.failed).toBeGreaterThanOrEqual(1);
    expect(summary.passed + summary.failed + summary.errors).toBe(summary.total);
    expect(summary.results.find((row) => !row.success)).toMatchObject({ message: expect.any(String) });
    expect(result.stderr).toMatch(/tested: \d+ passed, \d+ failed\.\n/);
    const tests = mock.requests.filter((request) => request.path.endsWith('/test'));
    expect(tests).toHaveLength(summary.total);
    const table = await cli(['connection', 'test', '--all', '-o', join(work, 'tests.csv')], { env });
    expect(table.status).toBe(3);
    expect((await readFile(join(work, 'tests.csv'), 'utf8')).split('\n')[0]).toBe(
      'connection_id,name,success,error,latency_ms,message,tested_at,deleted',
    );
  });

  it('needs an id or --all, not both', async () => {
    expect((await cli(['connection', 'test'], { env })).status).toBe(2);
    expect((await cli(['connection', 'test', 'conn_7Hq2xK9pLm', '--all'], { env })).status).toBe(2);
  });
});

describe('connection schema and sample', () => {
  it('prints the information schema as data, or one row per column', async () => {
    const data = json(await cli(['connection', 'schema', 'conn_7Hq2xK9pLm'], { env })) as {
      schemas: unknown[];
    };
    expect(data.schemas.length).toBeGreaterThan(0);
    const csv = await cli(['connection', 'schema', 'conn_7Hq2xK9pLm', '--format', 'csv'], { env });
    expect(csv.stdout.split('\n')[0]).toBe(
      'schema_name,table_name,column_name,data_type,is_nullable,ordinal_position',
    );
    expect(csv.stdout.split('\n').length).toBeGreaterThan(3);
  });

  it('prints sample rows from the columnar data; a missing table is a 404, exit 1', async () => {
    const tree = json(await cli(['connection', 'schema', 'conn_7Hq2xK9pLm'], { env })) as {
      schemas: {
        schema_name: string;
        tables: { table_name: string; columns: { column_name: string }[] }[];
      }[];
    };
    const schema = tree.schemas[0]!;
    const table = schema.tables[0]!;
    const sample = await cli(
      [
        'connection',
        'sample',
        'conn_7Hq2xK9pLm',
        '--schema',
        schema.schema_name,
        '--table',
        table.table_name,
        '--limit',
        '3',
      ],
      { env },
    );
    expect(sample.status).toBe(0);
    const columns = json(sample) as Record<string, unknown[]>;
    expect(Object.keys(columns)).toEqual(table.columns.map((column) => column.column_name));
    const csv = await cli(
      [
        'connection',
        'sample',
        'conn_7Hq2xK9pLm',
        '--schema',
        schema.schema_name,
        '--table',
        table.table_name,
        '--limit',
        '3',
        '--format',
        'csv',
      ],
      { env },
    );
    expect(csv.stdout.trimEnd().split('\n')).toHaveLength(4);
    const missing = await cli(
      ['connection', 'sample', 'conn_7Hq2xK9pLm', '--schema', 'nope', '--table', 'nope'],
      { env },
    );
    expect(missing.status).toBe(1);
    const noTable = await cli(['connection', 'sample', 'conn_7Hq2xK9pLm', '--schema', 'x'], { env });
    expect(noTable.status).toBe(2);
    expect(noTable.stderr).toContain("required option '--table <table>' not specified");
  });
});

describe('engine list', () => {
  it('lists engines with their providers', async () => {
    const data = json(await cli(['engines', 'list'], { env })) as {
      engine_id: number;
      service_name: string;
    }[];
    expect(data.find((engine) => engine.engine_id === 1)?.service_name).toBe('BigQuery');
    const table = await cli(['engine', 'ls', '-f', 'table'], { env });
    expect(table.stdout).toMatch(/^1\s+BigQuery\s+EDW\s+Google Cloud\s+yes$/m);
  });
});

describe('settings and failures', () => {
  it('exits 2 naming what is missing when there is no key, and where to save it', async () => {
    const result = await spartera(['connection', 'list'], { env: cleanEnv() });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^spartera: Missing the API key \(SPARTERA_API_KEY\) and the company id .* with spartera auth login\.\n$/,
    );
  });

  it('exits 1 on a refused key, naming where the key came from and never the key', async () => {
    const result = await cli(['connection', 'list'], {
      env: { ...env, SPARTERA_API_KEY: 'sk_wrong_key_123456' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('401');
    expect(result.stderr).toContain('the key in SPARTERA_API_KEY was refused');
    expect(result.stderr).not.toContain('sk_wrong_key_123456');
    expect(result.stderr).not.toContain(DEMO_KEY);
  });

  it('exits 1 when the API cannot be reached', async () => {
    const result = await cli(['connection', 'list'], {
      env: { ...env, SPARTERA_API_BASE_URL: 'http://127.0.0.1:9' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^spartera: could not reach the API: .+\n$/);
  });

  it('exits 2 on an unknown command or flag, suggesting the right one', async () => {
    const command = await spartera(['conection', 'list'], { env });
    expect(command.status).toBe(2);
    expect(command.stderr).toContain("unknown command 'conection'");
    expect(command.stderr).toContain('connection');
    const flag = await spartera(['connection', 'list', '--serch', 'x'], { env });
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("unknown option '--serch'");
    expect(flag.stderr).toContain('--search');
    const json = await spartera(['connection', 'list', '--serch', 'x', '--format', 'json'], { env });
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { type: 'UsageError', exit_code: 2 } });
  });

  it('prints the version, help, and help for a group without a command', async () => {
    const version = await spartera(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^@spartera\/cli \d+\.\d+\.\d+/);
    const help = await spartera(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    const group = await spartera(['connection']);
    expect(group.status).toBe(2);
    expect(group.stderr).toContain('Usage: spartera connection');
  });

  it('writes --output atomically with the format of its extension, and leaves no file on failure', async () => {
    const yamlFile = join(work, 'engines.yaml');
    expect((await cli(['engine', 'list', '-o', yamlFile], { env })).status).toBe(0);
    expect(await readFile(yamlFile, 'utf8')).toMatch(/^- engine_id: 1\n/);
    const failed = join(work, 'never.json');
    expect((await cli(['connection', 'get', 'conn_missing', '-o', failed], { env })).status).toBe(1);
    await expect(stat(failed)).rejects.toThrow();
  });
});
