/** `spartera connection …`: list, get, create, update, delete, test, schema, sample. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type {
  Connection,
  ConnectionCreateParams,
  ConnectionTestResult,
  ConnectionUpdate,
  InfoSchema,
  Spartera,
} from '@spartera/client';
import { UsageError } from '@spartera/config';
import { credentialTypeValues } from '@spartera/types';
import { readReference } from '../code/credentials.js';
import type { DesiredConnection } from '../code/document.js';
import { checkConnection, parseSource } from '../code/document.js';
import { EXIT, ExitStatus } from '../failures.js';
import { escapeControl } from '../output/escape.js';
import type { Grid, View } from '../output/render.js';
import type { Outcome } from '../pool.js';
import { runPool } from '../pool.js';
import { confirm, readAll } from '../prompt.js';
import type { OutputOptions, Runtime } from '../runtime.js';
import { engineCatalog, walkPages } from './code.js';

const CONNECTION_FIELDS = [
  'connection_id',
  'name',
  'engine_id',
  'credential_type',
  'description',
  'provider_domain',
  'verified_usage_ability',
  'visibility',
  'user_id',
  'company_id',
  'date_created',
  'last_updated',
] as const;

const connectionsCsv = (connections: readonly Connection[]): Grid => ({
  headers: [...CONNECTION_FIELDS],
  rows: connections.map((connection) => CONNECTION_FIELDS.map((field) => connection[field])),
});

/** Engine names for a table; an API that cannot list engines leaves the ids. */
async function namesOfEngines(client: Spartera): Promise<((id: number) => string) | undefined> {
  try {
    const catalog = await engineCatalog(client);
    return (id) => String(catalog.nameOf(id));
  } catch {
    return undefined;
  }
}

/** An ISO date to the minute; anything else (a proxy's idea of a date) is shown as it came. */
const day = (date: unknown): unknown =>
  typeof date === 'string' ? date.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : date;

export function connectionsView(
  connections: readonly Connection[],
  engineName?: (id: number) => string,
): View {
  return {
    data: connections,
    empty: 'No connections.',
    table: {
      headers: ['ID', 'NAME', 'ENGINE', 'CREDENTIALS', 'VERIFIED', 'UPDATED'],
      keep: [0],
      rows: connections.map((connection) => [
        connection.connection_id,
        connection.name ?? '',
        engineName ? engineName(connection.engine_id) : connection.engine_id,
        connection.credential_type ?? '',
        connection.verified_usage_ability === true ? 'yes' : 'no',
        day(connection.last_updated),
      ]),
    },
    csv: connectionsCsv(connections),
  };
}

function connectionView(connection: Connection, engineName?: (id: number) => string): View {
  const values = CONNECTION_FIELDS.map((field) =>
    field === 'engine_id' && engineName
      ? `${connection.engine_id} (${engineName(connection.engine_id)})`
      : connection[field],
  );
  return {
    data: connection,
    record: true,
    table: { headers: [...CONNECTION_FIELDS], rows: [values] },
    csv: connectionsCsv([connection]),
  };
}

function wantsTable(runtime: Runtime, options: OutputOptions): boolean {
  return runtime.resolveFormat(options) === 'table';
}

// ----- list, get -----

export interface ListOptions extends OutputOptions {
  search?: string;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
  limit?: number;
  page?: number;
  all?: boolean;
}

export async function list(runtime: Runtime, options: ListOptions): Promise<void> {
  runtime.resolveFormat(options);
  if (options.all === true && options.limit !== undefined)
    throw new UsageError('--limit and --all cannot be combined: --all lists every connection');
  if (options.all === true && options.page !== undefined)
    throw new UsageError('--page and --all cannot be combined');
  const { client } = await runtime.session();
  const query = {
    ...(options.search === undefined ? {} : { search: options.search }),
    ...(options.sortBy === undefined ? {} : { sort_by: options.sortBy }),
    ...(options.sortOrder === undefined ? {} : { sort_order: options.sortOrder }),
  };
  const limit = options.limit ?? 20;
  const connections: Connection[] = [];
  if (options.all !== true && limit <= 100) {
    connections.push(
      ...(await client.connections.list({
        ...query,
        limit,
        ...(options.page === undefined ? {} : { page: options.page }),
      })),
    );
  } else {
    const startPage = options.page ?? 1;
    for await (const connection of walkPages(client.connections.iterate({ ...query, page: startPage }))) {
      connections.push(connection);
      if (options.all !== true && connections.length >= limit) break;
    }
  }
  const engineName = wantsTable(runtime, options) ? await namesOfEngines(client) : undefined;
  await runtime.emit(connectionsView(connections, engineName), options);
  if (
    options.all !== true &&
    connections.length === limit &&
    runtime.io.stderr.isTTY === true &&
    runtime.io.stdout.isTTY === true
  ) {
    runtime.io.stderr.write(
      runtime.stderrStyle.dim(
        `Showing the first ${limit}; --all lists every connection, --limit N more or fewer.\n`,
      ),
    );
  }
}

export async function get(runtime: Runtime, id: string, options: OutputOptions): Promise<void> {
  runtime.resolveFormat(options);
  const { client } = await runtime.session();
  const connection = await client.connections.get(id);
  const engineName = wantsTable(runtime, options) ? await namesOfEngines(client) : undefined;
  await runtime.emit(connectionView(connection, engineName), options);
}

// ----- create, update -----

export interface ConnectionFlags extends OutputOptions {
  file?: string;
  name?: string;
  engine?: string;
  provider?: string;
  credentialType?: string;
  description?: string;
  providerDomain?: string;
  verified?: boolean;
  visibility?: string;
  credentials?: string;
  credentialsEnv?: string;
  credentialsFile?: string;
}

/** The connection the flags and the -f file describe: flags win over the file. */
async function describedConnection(
  runtime: Runtime,
  flags: ConnectionFlags,
): Promise<{ fields: Partial<DesiredConnection>; secret: string | undefined }> {
  let fields: Partial<DesiredConnection> = {};
  let directory = runtime.io.cwd;
  let fromFileSecret: string | undefined;
  const stdinTaken = flags.file === '-';
  if (flags.file !== undefined) {
    let text: string;
    let name = flags.file;
    if (flags.file === '-') {
      if (runtime.io.stdin.isTTY === true)
        throw new UsageError(
          '-f - reads the connection from standard input, but it is a terminal: pipe the file in',
        );
      text = await readAll(runtime.io);
      name = '<stdin>';
    } else {
      const path = resolve(runtime.io.cwd, flags.file);
      directory = dirname(path);
      text = await readFile(path, 'utf8').catch((error: unknown) => {
        throw new UsageError(
          `cannot read ${flags.file ?? ''}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`,
        );
      });
    }
    // Required fields are checked after the flags are merged in: `-f - --name X` is complete.
    const source = checkConnection(parseSource(text, name, directory), true);
    fields = { ...source.value };
    if (fields.credentials !== undefined) {
      const secret = await readReference(fields.credentials, runtime.io.env, directory);
      if (!secret.ok) throw new UsageError(`${name}: credentials: ${secret.message}`);
      fromFileSecret = secret.value;
    }
  }
  const set = <K extends keyof DesiredConnection>(key: K, value: DesiredConnection[K] | undefined) => {
    if (value !== undefined) fields[key] = value;
  };
  if (flags.engine !== undefined && flags.provider !== undefined)
    throw new UsageError('--engine and --provider name the same thing: give one');
  set('name', flags.name);
  set('engine', flags.engine ?? flags.provider);
  if (flags.credentialType !== undefined) {
    const wanted = flags.credentialType.toUpperCase().replaceAll('-', '_');
    if (!(credentialTypeValues as readonly string[]).includes(wanted))
      throw new UsageError(
        `--credential-type must be one of ${credentialTypeValues.join(', ')}, not "${flags.credentialType}"`,
      );
    set('credential_type', wanted);
  }
  set('description', flags.description);
  set('provider_domain', flags.providerDomain);
  set('verified_usage_ability', flags.verified);
  set('visibility', flags.visibility);

  const secretFlags = [flags.credentials, flags.credentialsEnv, flags.credentialsFile].filter(
    (value) => value !== undefined,
  );
  if (secretFlags.length > 1)
    throw new UsageError(
      'give the credentials once: --credentials @FILE, --credentials-env NAME or --credentials-file FILE',
    );
  let secret = fromFileSecret;
  if (flags.credentials !== undefined) {
    if (!flags.credentials.startsWith('@'))
      throw new UsageError(
        '--credentials takes @FILE (or @- for standard input), or use --credentials-env NAME: a secret typed on the command line stays in your shell history',
      );
    const path = flags.credentials.slice(1);
    if (path === '-') {
      if (stdinTaken)
        throw new UsageError(
          'standard input cannot hold both the connection (-f -) and the credentials (@-)',
        );
      if (runtime.io.stdin.isTTY === true)
        throw new UsageError(
          '--credentials @- reads standard input, but it is a terminal: pipe the secret in',
        );
      const text = (await readAll(runtime.io)).replace(/\r?\n$/, '');
      if (text.trim() === '') throw new UsageError('no credentials on standard input');
      secret = text;
    } else {
      const read = await readReference({ fromFile: path }, runtime.io.env, runtime.io.cwd);
      if (!read.ok) throw new UsageError(`--credentials: ${read.message}`);
      secret = read.value;
    }
  }
  if (flags.credentialsFile !== undefined) {
    const read = await readReference({ fromFile: flags.credentialsFile }, runtime.io.env, runtime.io.cwd);
    if (!read.ok) throw new UsageError(`--credentials-file: ${read.message}`);
    secret = read.value;
  }
  if (flags.credentialsEnv !== undefined) {
    const read = await readReference({ fromEnv: flags.credentialsEnv }, runtime.io.env, runtime.io.cwd);
    if (!read.ok) throw new UsageError(`--credentials-env: ${read.message}`);
    secret = read.value;
  }
  delete fields.credentials;
  return { fields, secret };
}

async function engineId(client: Spartera, reference: string | number): Promise<number> {
  if (typeof reference === 'number' || /^\d+$/.test(reference.trim())) return Number(reference);
  const found = (await engineCatalog(client)).resolve(reference);
  if (!found.ok) throw new UsageError(`--engine: ${found.message}`);
  return found.engine.engine_id;
}

function idView(id: string, message: string): View {
  return {
    data: { connection_id: id },
    record: true,
    table: { headers: ['connection_id'], rows: [[id]] },
    empty: message,
  };
}

async function emitWrite(
  runtime: Runtime,
  options: OutputOptions,
  id: string,
  message: string,
): Promise<void> {
  if (runtime.resolveFormat(options) === 'table' && options.output === undefined)
    runtime.io.stdout.write(`${message}\n`);
  else await runtime.emit(idView(id, message), options);
}

export async function create(runtime: Runtime, flags: ConnectionFlags): Promise<void> {
  runtime.resolveFormat(flags);
  const { fields, secret } = await describedConnection(runtime, flags);
  if (fields.name === undefined)
    throw new UsageError('a new connection needs a name: --name NAME (or name: in the -f file)');
  if (fields.engine === undefined)
    throw new UsageError('a new connection needs an engine: --engine NAME|ID (see spartera engine list)');
  const { client } = await runtime.session();
  const body: ConnectionCreateParams = {
    name: fields.name,
    engine_id: await engineId(client, fields.engine),
    ...(fields.credential_type === undefined
      ? {}
      : { credential_type: fields.credential_type as ConnectionCreateParams['credential_type'] }),
    ...(fields.description === undefined ? {} : { description: fields.description }),
    ...(fields.provider_domain === undefined ? {} : { provider_domain: fields.provider_domain }),
    ...(fields.verified_usage_ability === undefined
      ? {}
      : { verified_usage_ability: fields.verified_usage_ability }),
    ...(fields.visibility === undefined ? {} : { visibility: fields.visibility }),
    ...(secret === undefined ? {} : { credentials: secret }),
  };
  const created = await client.connections.create(body);
  await emitWrite(
    runtime,
    flags,
    created.connection_id,
    `Created connection ${created.connection_id} (${JSON.stringify(fields.name)}).`,
  );
}

export async function update(runtime: Runtime, id: string, flags: ConnectionFlags): Promise<void> {
  runtime.resolveFormat(flags);
  const { fields, secret } = await describedConnection(runtime, flags);
  const { client } = await runtime.session();
  const patch: ConnectionUpdate = {
    ...(fields.name === undefined ? {} : { name: fields.name }),
    ...(fields.engine === undefined ? {} : { engine_id: await engineId(client, fields.engine) }),
    ...(fields.credential_type === undefined
      ? {}
      : { credential_type: fields.credential_type as ConnectionUpdate['credential_type'] }),
    ...(fields.description === undefined ? {} : { description: fields.description }),
    ...(fields.provider_domain === undefined ? {} : { provider_domain: fields.provider_domain }),
    ...(fields.verified_usage_ability === undefined
      ? {}
      : { verified_usage_ability: fields.verified_usage_ability }),
    ...(fields.visibility === undefined ? {} : { visibility: fields.visibility }),
    ...(secret === undefined ? {} : { credentials: secret }),
  };
  if (Object.keys(patch).length === 0)
    throw new UsageError('nothing to update: give at least one field (--name, --description, …) or -f FILE');
  await client.connections.update(id, patch);
  await emitWrite(runtime, flags, id, `Updated connection ${id}.`);
}

// ----- delete -----

export async function remove(
  runtime: Runtime,
  id: string,
  options: OutputOptions & { yes?: boolean },
): Promise<void> {
  runtime.resolveFormat(options);
  if (options.yes !== true) {
    if (runtime.io.stdin.isTTY !== true)
      throw new UsageError('delete needs --yes when standard input is not a terminal');
    const { client } = await runtime.session();
    const connection = await client.connections.get(id);
    const agreed = await confirm(
      runtime.io,
      `Delete connection ${id} (${JSON.stringify(connection.name ?? '')})? This cannot be undone.`,
    );
    if (!agreed) {
      runtime.io.stderr.write('Nothing deleted.\n');
      throw new ExitStatus(EXIT.failure);
    }
  }
  const { client } = await runtime.session();
  await client.connections.delete(id);
  await emitWrite(runtime, options, id, `Deleted connection ${id}.`);
}

// ----- test -----

export interface TestOptions extends OutputOptions {
  all?: boolean;
  concurrency?: number;
}

function testView(result: ConnectionTestResult): View {
  return {
    data: result,
    record: true,
    table: {
      headers: ['connection_id', 'result', 'message', 'latency_ms', 'tested_at'],
      rows: [
        [
          result.connection_id,
          result.success ? 'passed' : 'FAILED',
          result.message,
          result.latency_ms,
          result.tested_at,
        ],
      ],
    },
    csv: {
      headers: ['connection_id', 'success', 'message', 'latency_ms', 'tested_at'],
      rows: [[result.connection_id, result.success, result.message, result.latency_ms, result.tested_at]],
    },
  };
}

interface TestRow {
  connection_id: string;
  name: string | undefined;
  success: boolean;
  message: string;
  latency_ms?: number;
  tested_at?: string;
  /** The test could not run (an API or network error), as opposed to a test that failed. */
  error?: boolean;
  /** The connection was deleted (by someone else) between the listing and its test. */
  deleted?: boolean;
}

/** Whether a test's error is a 404: the connection, listed moments before, is gone. */
const isGone = (error: unknown): boolean => (error as { status?: unknown } | null)?.status === 404;

export async function test(runtime: Runtime, id: string | undefined, options: TestOptions): Promise<void> {
  runtime.resolveFormat(options);
  if (options.all === true && id !== undefined)
    throw new UsageError('give a connection id or --all, not both');
  if (options.all !== true && id === undefined)
    throw new UsageError('which connection? give its id, or --all to test every connection');
  const { client } = await runtime.session();
  if (id !== undefined) {
    const result = await client.connections.test(id);
    await runtime.emit(testView(result), options);
    if (!result.success)
      throw new ExitStatus(
        EXIT.testFailed,
        `connection ${escapeControl(id)} failed its test: ${escapeControl(result.message)}`,
      );
    return;
  }
  const connections: Connection[] = [];
  for await (const connection of walkPages(client.connections.iterate())) connections.push(connection);
  const progress = runtime.progress();
  let settled = 0;
  const outcomes = await runPool(
    connections,
    (connection) => client.connections.test(connection.connection_id),
    {
      concurrency: options.concurrency ?? 4,
      stopOnFailure: false,
      onSettled: () => {
        settled += 1;
        progress.update(`testing: ${settled}/${connections.length}`);
      },
    },
  );
  progress.clear();
  const rows: TestRow[] = connections.map((connection, index) => {
    const outcome = outcomes[index] as Outcome<ConnectionTestResult>;
    if (outcome.status === 'done') {
      return {
        connection_id: connection.connection_id,
        name: connection.name,
        success: outcome.value.success,
        message: outcome.value.message,
        latency_ms: outcome.value.latency_ms,
        tested_at: outcome.value.tested_at,
      };
    }
    // Someone deleted it after the listing: nothing is wrong with what is left to test.
    if (outcome.status === 'failed' && isGone(outcome.error))
      return {
        connection_id: connection.connection_id,
        name: connection.name,
        success: false,
        message: 'deleted since it was listed',
        deleted: true,
      };
    const message =
      outcome.status === 'failed'
        ? outcome.error instanceof Error
          ? outcome.error.message
          : String(outcome.error)
        : 'not tested';
    return {
      connection_id: connection.connection_id,
      name: connection.name,
      success: false,
      message,
      error: true,
    };
  });
  const passed = rows.filter((row) => row.success).length;
  const errors = rows.filter((row) => row.error === true).length;
  const deleted = rows.filter((row) => row.deleted === true).length;
  const failed = rows.length - passed - errors - deleted;
  const data = { total: rows.length, passed, failed, errors, deleted, results: rows };
  const format = runtime.resolveFormat(options);
  await runtime.emit(
    {
      data,
      empty: 'No connections to test.',
      table: {
        headers: ['ID', 'NAME', 'RESULT', 'LATENCY', 'MESSAGE'],
        keep: [0, 2],
        rows: rows.map((row) => [
          row.connection_id,
          row.name ?? '',
          row.success ? 'passed' : row.error === true ? 'ERROR' : row.deleted === true ? 'deleted' : 'FAILED',
          row.latency_ms === undefined ? '' : `${row.latency_ms} ms`,
          row.message,
        ]),
      },
      csv: {
        headers: [
          'connection_id',
          'name',
          'success',
          'error',
          'latency_ms',
          'message',
          'tested_at',
          'deleted',
        ],
        rows: rows.map((row) => [
          row.connection_id,
          row.name,
          row.success,
          row.error === true,
          row.latency_ms,
          row.message,
          row.tested_at,
          row.deleted === true,
        ]),
      },
    },
    options,
  );
  const line = `${rows.length} tested: ${passed} passed, ${failed} failed${errors > 0 ? `, ${errors} could not be tested` : ''}${deleted > 0 ? `, ${deleted} deleted since listed` : ''}.`;
  if (format === 'table' && options.output === undefined) {
    const s = runtime.stdoutStyle;
    runtime.io.stdout.write(`\n${failed + errors > 0 ? s.red(line) : s.green(line)}\n`);
  } else runtime.io.stderr.write(`${line}\n`);
  if (errors > 0)
    throw new ExitStatus(EXIT.failure, `${errors} connection${errors === 1 ? '' : 's'} could not be tested`);
  if (failed > 0)
    throw new ExitStatus(EXIT.testFailed, `${failed} connection${failed === 1 ? '' : 's'} failed the test`);
}

// ----- schema, sample -----

function schemaRows(tree: InfoSchema): unknown[][] {
  const rows: unknown[][] = [];
  for (const schema of Array.isArray(tree.schemas) ? tree.schemas : []) {
    for (const table of Array.isArray(schema.tables) ? schema.tables : []) {
      for (const column of Array.isArray(table.columns) ? table.columns : []) {
        rows.push([
          schema.schema_name,
          table.table_name,
          column.column_name,
          column.data_type,
          column.is_nullable,
          column.ordinal_position,
        ]);
      }
    }
  }
  return rows;
}

export async function schema(runtime: Runtime, id: string, options: OutputOptions): Promise<void> {
  runtime.resolveFormat(options);
  const { client } = await runtime.session();
  const tree = await client.connections.infoSchema(id);
  const rows = schemaRows(tree);
  await runtime.emit(
    {
      data: tree,
      empty: 'No schemas.',
      table: {
        headers: ['SCHEMA', 'TABLE', 'COLUMN', 'TYPE', 'NULLABLE', 'POSITION'],
        rows: rows.map((row) => row.map((cell) => (cell === true ? 'yes' : cell === false ? 'no' : cell))),
      },
      csv: {
        headers: ['schema_name', 'table_name', 'column_name', 'data_type', 'is_nullable', 'ordinal_position'],
        rows,
      },
    },
    options,
  );
}

export interface SampleOptions extends OutputOptions {
  schema: string;
  table: string;
  limit?: number;
}

export async function sample(runtime: Runtime, id: string, options: SampleOptions): Promise<void> {
  runtime.resolveFormat(options);
  const { client } = await runtime.session();
  const data = await client.connections.sampleData(id, {
    schema_name: options.schema,
    table_name: options.table,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  });
  const columns = Object.entries(data as Record<string, unknown>).filter(([, values]) =>
    Array.isArray(values),
  ) as [string, unknown[]][];
  const height = Math.max(0, ...columns.map(([, values]) => values.length));
  const rows = Array.from({ length: height }, (_, row) => columns.map(([, values]) => values[row]));
  await runtime.emit(
    { data, empty: 'No rows.', table: { headers: columns.map(([name]) => name), rows } },
    options,
  );
}
