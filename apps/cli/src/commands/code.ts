/** Connections as code: `export`, `validate`, `plan` and `apply`. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Connection, Spartera } from '@spartera/client';
import { APIConnectionError, APIError, SparteraError } from '@spartera/client';
import { UsageError } from '@spartera/config';
import { stringify as toYaml } from 'yaml';
import { readReference, describeReference } from '../code/credentials.js';
import type { ConnectionsDocument, CredentialReference, SourceFile } from '../code/document.js';
import { checkDocument, parseSource } from '../code/document.js';
import { EngineCatalog } from '../code/engines.js';
import { buildExport } from '../code/export.js';
import { checkLiveConnection } from '../code/live.js';
import type { Change, FieldChange, Plan } from '../code/plan.js';
import { computePlan, credentialReference, summary, updateBody } from '../code/plan.js';
import { EXIT, ExitStatus, InputError, Interrupted, MalformedDataError } from '../failures.js';
import type { Problem } from '../failures.js';
import { formatProblem } from '../failures.js';
import { escapeControl } from '../output/escape.js';
import { toJson } from '../output/render.js';
import type { Outcome } from '../pool.js';
import { runPool } from '../pool.js';
import { confirm, readAll } from '../prompt.js';
import type { OutputOptions, Runtime } from '../runtime.js';
import { parseFormat } from '../runtime.js';

/**
 * The items of a walk over the pages. The client refuses its own arguments before the first page
 * is read; a plain SparteraError once items have come is the server's doing (a `page` it ignores,
 * so the walk would never end): an API failure (exit 1), not a usage error (exit 2). An HTTP or
 * connection error on a later page keeps its own type, status and hints.
 */
export async function* walkPages<T>(items: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  let read = false;
  try {
    for await (const item of items) {
      read = true;
      yield item;
    }
  } catch (error) {
    if (
      read &&
      error instanceof SparteraError &&
      !(error instanceof APIError || error instanceof APIConnectionError)
    )
      throw new MalformedDataError(error.message, { cause: error });
    throw error;
  }
}

/** Every connection of the company, page after page. */
async function liveConnections(client: Spartera): Promise<Connection[]> {
  const all: Connection[] = [];
  for await (const connection of walkPages(
    client.connections.iterate({ sort_by: 'name', sort_order: 'asc' }),
  ))
    all.push(checkLiveConnection(connection, all.length));
  return all;
}

export async function engineCatalog(client: Spartera): Promise<EngineCatalog> {
  const [engines, providers] = await Promise.all([client.engines.list(), client.engines.providers()]);
  return new EngineCatalog(engines, providers);
}

/** Reads FILE (or stdin for `-`) and checks it against the schema, offline. */
export async function loadDocument(
  runtime: Runtime,
  file: string | undefined,
): Promise<SourceFile<ConnectionsDocument>> {
  if (file === undefined || file === '')
    throw new UsageError('name the file with -f FILE (or -f - for standard input)');
  let text: string;
  let name = file;
  let directory = runtime.io.cwd;
  if (file === '-') {
    if (runtime.io.stdin.isTTY === true)
      throw new UsageError(
        '-f - reads the document from standard input, but it is a terminal: pipe the file in',
      );
    text = await readAll(runtime.io);
    name = '<stdin>';
  } else {
    const path = resolve(runtime.io.cwd, file);
    directory = dirname(path);
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (code ?? String(error))}`,
      );
    }
  }
  return checkDocument(parseSource(text, name, directory));
}

// ----- export -----

export interface ExportOptions extends OutputOptions {
  credentialsPrefix?: string;
}

export async function exportCommand(runtime: Runtime, options: ExportOptions): Promise<void> {
  const format =
    parseFormat(options.format, ['yaml', 'json']) ??
    (options.output?.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
  const prefix = options.credentialsPrefix ?? 'SPARTERA_CREDENTIALS_';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix))
    throw new UsageError(`--credentials-prefix must be the start of a variable name, not "${prefix}"`);
  const { client, resolved } = await runtime.session();
  const [live, catalog] = await Promise.all([liveConnections(client), engineCatalog(client)]);
  const { document, warnings } = buildExport(live, catalog, resolved.settings.companyId, prefix);
  for (const warning of warnings) runtime.warn(warning);
  const header = `# Spartera connections of ${resolved.settings.companyId}, exported by spartera ${runtime.version}.\n# Credentials are never exported: set each variable named under "credentials" before apply.\n`;
  const text = format === 'json' ? toJson(document) : header + toYaml(document, { lineWidth: 0 });
  if (options.output !== undefined && options.output !== '-') await runtime.writeFile(options.output, text);
  else
    runtime.io.stdout.write(
      runtime.io.stdout.isTTY === true ? escapeControl(text).replaceAll('\\n', '\n') : text,
    );
}

// ----- validate -----

export interface FileOptions {
  file?: string;
  format?: string;
}

export async function validateCommand(runtime: Runtime, options: FileOptions): Promise<void> {
  const format = parseFormat(options.format, ['table', 'json']);
  runtime.format = format;
  const source = await loadDocument(runtime, options.file);
  const count = source.value.connections.length;
  if (format === 'json')
    runtime.io.stdout.write(toJson({ valid: true, file: source.name, connections: count }));
  else
    runtime.io.stdout.write(
      `${escapeControl(source.name)} is valid: ${count} connection${count === 1 ? '' : 's'}.\n`,
    );
}

// ----- plan -----

export interface PlanCommandOptions extends FileOptions {
  prune?: boolean;
  updateCredentials?: boolean;
  detailedExitcode?: boolean;
}

interface Prepared {
  plan: Plan;
  source: SourceFile<ConnectionsDocument>;
  client: Spartera;
  baseUrl: string;
  /** Secrets read for the changes that send one, by change index. */
  secrets: Map<number, string>;
}

/**
 * Reads the file, the live company and the engines; plans; reads the secrets the plan will send.
 * A secret that cannot be read is an error for apply (before anything is sent) and a note for plan,
 * so that a plan can be reviewed where the secrets are not.
 */
async function prepare(
  runtime: Runtime,
  options: PlanCommandOptions,
  needSecrets: boolean,
): Promise<Prepared> {
  const source = await loadDocument(runtime, options.file);
  const document = source.value;
  const { client, resolved } = await runtime.session();
  const company = resolved.settings.companyId;
  if (document.company !== undefined && document.company !== company) {
    throw new InputError([
      source.problem(
        '/company',
        `the file is for company "${document.company}", but the settings name "${company}": remove the company line to apply it to another company`,
      ),
    ]);
  }
  const [live, catalog] = await Promise.all([liveConnections(client), engineCatalog(client)]);
  const problems: Problem[] = [];
  const engineIds = document.connections.map((connection, index) => {
    const found = catalog.resolve(connection.engine);
    if (found.ok) return found.engine.engine_id;
    problems.push(
      source.problem(`/connections/${index}/engine`, `connections[${index}].engine: ${found.message}`),
    );
    return 0;
  });
  if (problems.length > 0) throw new InputError(problems);
  const duplicatesLive = new Map<string, string[]>();
  for (const connection of live) {
    if (connection.name === undefined || connection.name === '') continue;
    duplicatesLive.set(connection.name, [
      ...(duplicatesLive.get(connection.name) ?? []),
      connection.connection_id,
    ]);
  }
  for (const [name, ids] of duplicatesLive) {
    if (ids.length > 1 && document.connections.some((connection) => connection.name === name)) {
      throw new UsageError(
        `the company has ${ids.length} connections named "${name}" (${ids.join(', ')}): rename or delete one before applying a file that names it`,
      );
    }
  }
  const plan = computePlan({
    document,
    engineIds,
    live,
    company,
    options: { prune: options.prune === true, updateCredentials: options.updateCredentials === true },
  });
  const secrets = new Map<number, string>();
  await Promise.all(
    plan.changes.map(async (change, index) => {
      const reference = credentialReference(change);
      if (reference === undefined || change.action === 'delete') return;
      const secret = await readReference(reference, runtime.io.env, source.directory);
      if (secret.ok) secrets.set(index, secret.value);
      else {
        const problem = source.problem(
          `/connections/${change.index}/credentials`,
          `connections[${change.index}].credentials: ${secret.message}`,
        );
        if (needSecrets) problems.push(problem);
        else plan.notes.push(`${formatProblem(problem)} (apply will need it)`);
      }
    }),
  );
  if (problems.length > 0) throw new InputError(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return { plan, source, client, baseUrl: resolved.settings.baseUrl, secrets };
}

function show(value: unknown): string {
  if (value !== null && typeof value === 'object' && ('fromEnv' in value || 'fromFile' in value))
    return `(write-only) ${describeReference(value as CredentialReference)}`;
  return value === undefined ? '(none)' : escapeControl(JSON.stringify(value));
}

function fieldLines(
  fields: readonly FieldChange[],
  create: boolean,
  engineName: (id: number) => string,
): string[] {
  const width = Math.max(...fields.map((field) => field.field.length));
  return fields.map(({ field, from, to }) => {
    const label = `${field}:`.padEnd(width + 2);
    const shown = (value: unknown) =>
      field === 'engine_id' && typeof value === 'number'
        ? `${value} (${escapeControl(engineName(value))})`
        : show(value);
    return create || field === 'credentials'
      ? `      ${label}${shown(to)}`
      : `      ${label}${shown(from)} → ${shown(to)}`;
  });
}

const describeCounts = (counts: ReturnType<typeof summary>) =>
  `${counts.create} to create, ${counts.update} to update, ${counts.delete} to delete, ${counts.unchanged} unchanged`;

export function renderPlan(
  runtime: Runtime,
  prepared: Prepared,
  catalogName: (id: number) => string,
): string {
  const { plan } = prepared;
  const s = runtime.stdoutStyle;
  const lines: string[] = [];
  const counts = summary(plan);
  if (plan.changes.length === 0) {
    lines.push(
      `No changes: company ${escapeControl(plan.company)} matches ${escapeControl(prepared.source.name)} (${counts.unchanged} connection${counts.unchanged === 1 ? '' : 's'}).`,
    );
  } else {
    lines.push(`Plan for company ${escapeControl(plan.company)} at ${escapeControl(prepared.baseUrl)}:`, '');
    for (const change of plan.changes) {
      const name = escapeControl(JSON.stringify(change.name));
      if (change.action === 'create') {
        lines.push(s.green(`  + create ${name}`), ...fieldLines(change.fields, true, catalogName));
      } else if (change.action === 'update') {
        lines.push(
          s.yellow(`  ~ update ${name} (${change.connectionId})`),
          ...fieldLines(change.fields, false, catalogName),
        );
      } else {
        lines.push(s.red(`  - delete ${name} (${change.connectionId})`));
      }
    }
    lines.push('', `Plan: ${describeCounts(counts)}.`);
  }
  for (const note of plan.notes) lines.push(s.dim(`Note: ${escapeControl(note)}`));
  return `${lines.join('\n')}\n`;
}

function planData(plan: Plan) {
  return {
    company: plan.company,
    changes: plan.changes.map((change) =>
      change.action === 'delete'
        ? { action: change.action, name: change.name, connection_id: change.connectionId }
        : {
            action: change.action,
            name: change.name,
            ...(change.action === 'update' ? { connection_id: change.connectionId } : {}),
            fields: change.fields,
          },
    ),
    summary: summary(plan),
    notes: plan.notes,
  };
}

/** The exit status of a plan: with --detailed-exitcode, 2 when there are changes. */
export async function planCommand(runtime: Runtime, options: PlanCommandOptions): Promise<void> {
  const format = parseFormat(options.format, ['table', 'json']);
  runtime.format = format;
  runtime.detailedExitCodes = options.detailedExitcode === true;
  const prepared = await prepare(runtime, options, false);
  const catalog = await engineCatalog(prepared.client);
  if (format === 'json') runtime.io.stdout.write(toJson(planData(prepared.plan)));
  else runtime.io.stdout.write(renderPlan(runtime, prepared, (id) => String(catalog.nameOf(id))));
  if (options.detailedExitcode === true && prepared.plan.changes.length > 0) throw new ExitStatus(2);
}

// ----- apply -----

export interface ApplyOptions extends PlanCommandOptions {
  yes?: boolean;
  concurrency?: number;
}

/** `alreadyDeleted`: the connection to delete was gone, deleted by someone else since the plan. */
type Done = { change: Change; connectionId: string; alreadyDeleted?: boolean };

function verb(change: Change, past: boolean): string {
  if (change.action === 'create') return past ? 'created' : 'create';
  if (change.action === 'update') return past ? 'updated' : 'update';
  return past ? 'deleted' : 'delete';
}

function failureMessage(change: Change, error: unknown): string {
  const base = error instanceof Error ? error.message : String(error);
  if (error instanceof APIConnectionError && change.action !== 'delete') {
    return `${base}: the request may have reached the API; apply again to find out (connections are matched by name, so no duplicate is made)`;
  }
  return base;
}

export async function applyCommand(runtime: Runtime, options: ApplyOptions): Promise<void> {
  const format = parseFormat(options.format, ['table', 'json']);
  runtime.format = format;
  const concurrency = options.concurrency ?? 4;
  const interactive = runtime.io.stdin.isTTY === true;
  if (options.yes !== true && !interactive) {
    throw new UsageError(
      'apply changes the company: pass --yes to confirm when standard input is not a terminal',
    );
  }
  const prepared = await prepare(runtime, options, true);
  const catalog = await engineCatalog(prepared.client);
  const { plan, client } = prepared;
  const out = runtime.io.stdout;
  const s = runtime.stdoutStyle;
  if (format !== 'json') out.write(renderPlan(runtime, prepared, (id) => String(catalog.nameOf(id))));
  if (plan.changes.length === 0) {
    if (format === 'json') out.write(toJson({ ...planData(plan), applied: [], failed: [], not_started: [] }));
    return;
  }
  if (options.yes !== true) {
    const agreed = await confirm(
      runtime.io,
      `\nApply these ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'} to ${plan.company}?`,
    );
    if (!agreed) {
      runtime.io.stderr.write('Nothing applied.\n');
      throw new ExitStatus(EXIT.failure);
    }
  }

  // Creates and updates first, deletes last: a run that stops half-way never leaves fewer
  // connections than it found.
  const order = plan.changes.map((change, index) => ({ change, index }));
  const writes = order.filter(({ change }) => change.action !== 'delete');
  const deletes = order.filter(({ change }) => change.action === 'delete');
  const pool = { stopped: false };
  const abort = new AbortController();
  let interrupts = 0;
  const stopListening = runtime.io.onInterrupt(() => {
    interrupts += 1;
    pool.stopped = true;
    if (interrupts === 1)
      runtime.io.stderr.write(
        '\nStopping: waiting for the requests in flight (Ctrl+C again to abandon them)…\n',
      );
    else abort.abort(new Interrupted('abandoned'));
  });
  const progress = runtime.progress();
  let settled = 0;
  const execute = async ({ change, index }: { change: Change; index: number }): Promise<Done> => {
    const requestOptions = { signal: abort.signal };
    if (change.action === 'create') {
      const body: Record<string, unknown> = { name: change.name };
      for (const { field, to } of change.fields)
        body[field] = field === 'credentials' ? prepared.secrets.get(index) : to;
      const created = await client.connections.create(body as never, requestOptions);
      return { change, connectionId: created.connection_id };
    }
    if (change.action === 'update') {
      await client.connections.update(
        change.connectionId,
        updateBody(change, prepared.secrets.get(index)),
        requestOptions,
      );
      return { change, connectionId: change.connectionId };
    }
    try {
      await client.connections.delete(change.connectionId, requestOptions);
    } catch (error) {
      // Gone already (another user, or an earlier run whose answer was lost): what the file asks for.
      if ((error as { status?: unknown } | null)?.status !== 404) throw error;
      return { change, connectionId: change.connectionId, alreadyDeleted: true };
    }
    return { change, connectionId: change.connectionId };
  };
  const onSettled = () => {
    settled += 1;
    progress.update(`applying: ${settled}/${plan.changes.length} done`);
  };
  const outcomes: { change: Change; outcome: Outcome<Done> }[] = [];
  for (const batch of [writes, deletes]) {
    const results = await runPool(batch, execute, { concurrency, stopOnFailure: true, onSettled }, pool);
    results.forEach((outcome, position) =>
      outcomes.push({ change: (batch[position] as { change: Change }).change, outcome }),
    );
  }
  progress.clear();
  stopListening();

  const applied = outcomes.filter((entry) => entry.outcome.status === 'done');
  const failed = outcomes.filter((entry) => entry.outcome.status === 'failed');
  const notStarted = outcomes.filter((entry) => entry.outcome.status === 'not-started');
  if (format === 'json') {
    out.write(
      toJson({
        ...planData(plan),
        applied: applied.map(({ change, outcome }) => ({
          action: change.action,
          name: change.name,
          connection_id: outcome.status === 'done' ? outcome.value.connectionId : undefined,
          ...(outcome.status === 'done' && outcome.value.alreadyDeleted === true
            ? { already_deleted: true }
            : {}),
        })),
        failed: failed.map(({ change, outcome }) => ({
          action: change.action,
          name: change.name,
          error: outcome.status === 'failed' ? failureMessage(change, outcome.error) : '',
        })),
        not_started: notStarted.map(({ change }) => ({ action: change.action, name: change.name })),
      }),
    );
  } else {
    const lines = [''];
    for (const { change, outcome } of outcomes) {
      const name = escapeControl(JSON.stringify(change.name));
      if (outcome.status === 'done')
        lines.push(
          s.green(
            `  ✓ ${verb(change, true)} ${name} (${outcome.value.connectionId}${outcome.value.alreadyDeleted === true ? ', already deleted by someone else' : ''})`,
          ),
        );
      else if (outcome.status === 'failed')
        lines.push(
          s.red(
            `  ✗ could not ${verb(change, false)} ${name}: ${escapeControl(failureMessage(change, outcome.error))}`,
          ),
        );
      else lines.push(s.dim(`  · not started: ${verb(change, false)} ${name}`));
    }
    if (failed.length === 0 && notStarted.length === 0)
      lines.push('', `Applied: ${applied.length} change${applied.length === 1 ? '' : 's'}.`);
    else
      lines.push(
        '',
        `${interrupts > 0 ? 'Interrupted' : 'Stopped at the first failure'}: ${applied.length} done, ${failed.length} failed, ${notStarted.length} not started. Run apply again to finish: it plans from what is live now.`,
      );
    out.write(`${lines.join('\n')}\n`);
  }
  if (interrupts > 0)
    throw new ExitStatus(
      EXIT.interrupted,
      failed.length + notStarted.length > 0
        ? 'interrupted: the changes above were not all applied'
        : 'interrupted',
    );
  if (failed.length > 0) {
    const first = failed[0];
    throw new ExitStatus(
      EXIT.failure,
      first && first.outcome.status === 'failed'
        ? `could not ${verb(first.change, false)} "${first.change.name}": ${failureMessage(first.change, first.outcome.error)}`
        : 'apply failed',
    );
  }
  if (notStarted.length > 0) throw new ExitStatus(EXIT.failure, 'apply stopped before every change was made');
}
