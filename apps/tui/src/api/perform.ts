import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PAGE_SIZE } from '../state/list.js';
import { compactPage } from './compact.js';
import { Failure } from './failure.js';
import type { Outcome, Request, RequestKind } from '../state/types.js';
import type { DataSource } from './source.js';

/** How many rows of sample data to ask for. */
export const SAMPLE_LIMIT = 100;

/**
 * The credentials of `@path`, read when the form is sent (one final line break dropped). A file
 * that cannot be read is a field error of Credentials that names the path, never its content.
 */
async function readCredentials(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  const file = path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Failure('invalid', `cannot read ${path} (${reason})`, {
      fieldErrors: { credentials: [`cannot read ${path} (${reason})`] },
    });
  }
  const credentials = text.replace(/\r?\n$/, '');
  if (credentials === '') {
    throw new Failure('invalid', `${path} is empty`, { fieldErrors: { credentials: [`${path} is empty`] } });
  }
  return credentials;
}

type Performers = {
  [K in RequestKind]: (
    source: DataSource,
    request: Request<K>,
    signal: AbortSignal | undefined,
  ) => Promise<Outcome>;
};

/** Each request kind as a call of the data source, its answer tagged with the kind. */
const PERFORMERS: Performers = {
  'list-page': async (source, request, signal) => ({
    kind: 'list-page',
    value: compactPage(
      await source.listConnections(
        {
          page: request.page,
          limit: PAGE_SIZE,
          sort_by: request.sortBy,
          sort_order: request.sortOrder,
          ...(request.search === '' ? {} : { search: request.search }),
        },
        { signal },
      ),
    ),
  }),
  engines: async (source, _request, signal) => ({
    kind: 'engines',
    value: await source.listEngines({ signal }),
  }),
  connection: async (source, request, signal) => ({
    kind: 'connection',
    value: await source.getConnection(request.id, { signal }),
  }),
  test: async (source, request, signal) => ({
    kind: 'test',
    value: await source.testConnection(request.id, { signal }),
  }),
  schema: async (source, request, signal) => ({
    kind: 'schema',
    value: await source.infoSchema(request.id, { signal }),
  }),
  sample: async (source, request, signal) => ({
    kind: 'sample',
    value: await source.sampleData(
      request.id,
      { schema_name: request.schemaName, table_name: request.tableName, limit: SAMPLE_LIMIT },
      { signal },
    ),
  }),
  // Writes get no signal: once sent, they finish even if the user moves on.
  create: async (source, request) => {
    const credentials = await readCredentials(request.credentialsFile);
    const input = credentials === undefined ? request.input : { ...request.input, credentials };
    return { kind: 'create', value: await source.createConnection(input) };
  },
  update: async (source, request) => {
    const credentials = await readCredentials(request.credentialsFile);
    const patch = credentials === undefined ? request.patch : { ...request.patch, credentials };
    return { kind: 'update', value: await source.updateConnection(request.id, patch) };
  },
  delete: async (source, request) => {
    await source.deleteConnection(request.id);
    return { kind: 'delete', value: undefined };
  },
  'find-by-name': async (source, request, signal) => ({
    kind: 'find-by-name',
    value: await source.listConnections(
      { page: 1, limit: PAGE_SIZE, sort_by: 'name', sort_order: 'asc', search: request.name },
      { signal },
    ),
  }),
};

/** Runs one request against the data source. */
export function perform<K extends RequestKind>(
  source: DataSource,
  request: Request<K>,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  const run: Performers[K] = PERFORMERS[request.kind];
  return run(source, request, signal);
}
