/**
 * The store as a JSON document: what `GET /__spartera/state` returns, `PUT /__spartera/state` and
 * `--state FILE` load. Everything loaded is checked against the spec's schemas and the API's own
 * rules (unique ids, unique names per company, known engines) before any of it replaces the store,
 * and the error names the record at fault. Credentials are kept as "stored or not", never as values.
 */
import type { Connection } from '@spartera/types';
import { storageEngines } from '../fixtures/catalog.js';
import type { DomainName } from '../fixtures/warehouse.js';
import type { FieldErrors } from './spec.js';
import { describeValidationErrors, emptyFieldErrors, fieldErrorsText, stateValidator } from './spec.js';
import { MAX_STATE_CONNECTIONS, STATE_FORMAT } from './state-schema.js';

export { MAX_STATE_CONNECTIONS, STATE_FORMAT };

/** One stored connection and what the mock knows about it beyond the wire record. */
export interface ConnectionState {
  connection: Connection;
  /** Whether credentials are stored (their value never leaves the mock). Default false. */
  hasCredentials?: boolean;
  /** The business domains its information schema shows; empty (the default) derives them from the id. */
  domains?: DomainName[];
  /** Whether `testConnection` reaches the warehouse. Default true. */
  reachable?: boolean;
  /**
   * `created` (the default): created through the API, so its test fails without credentials;
   * `dataset`: loaded with a data set, tests fine without them.
   */
  origin?: 'dataset' | 'created';
}

export interface StoreState {
  format: typeof STATE_FORMAT;
  connections: ConnectionState[];
}

/** A state document with every default filled in, as the store exports it. */
export type CompleteConnectionState = Required<ConnectionState>;
export interface CompleteStoreState {
  format: typeof STATE_FORMAT;
  connections: CompleteConnectionState[];
}

/** A state document that cannot be loaded; `errors` maps each bad field to what is wrong with it. */
export class StateError extends TypeError {
  constructor(
    message: string,
    readonly errors: FieldErrors,
  ) {
    super(message);
    this.name = 'StateError';
  }
}

/** `connections[3] (conn_abc)`: how a message names a record, by position and, when it has one, id. */
function recordName(document: unknown, field: string): string | undefined {
  const match = /^connections\[(\d+)\]/.exec(field);
  if (!match) return undefined;
  const entry = (document as { connections: unknown[] }).connections[Number(match[1])] as
    { connection?: { connection_id?: unknown } } | undefined;
  const id = entry?.connection?.connection_id;
  return typeof id === 'string' && id.length <= 64 ? `${match[0]} (${id})` : match[0];
}

function fail(document: unknown, errors: FieldErrors): never {
  const named = emptyFieldErrors();
  for (const [field, messages] of Object.entries(errors)) {
    const record = recordName(document, field);
    const rest = field.replace(/^connections\[\d+\]\.?/, '');
    named[record === undefined ? field : `${record}: ${rest === '' ? '(record)' : rest}`] = messages;
  }
  throw new StateError(`Invalid state: ${fieldErrorsText(named)}`, errors);
}

const knownEngines = new Set(storageEngines.map((engine) => engine.engine_id));

/**
 * Checks a parsed state document and fills in its defaults; throws a `StateError` naming every bad
 * record (by index and id) otherwise. The result shares nothing with the input.
 */
export function parseState(document: unknown): CompleteStoreState {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new StateError(
      `Invalid state: expected a JSON object { "format": "${STATE_FORMAT}", "connections": [...] }`,
      { '(root)': ['must be an object'] },
    );
  }
  const validate = stateValidator<StoreState>();
  if (!validate(document)) fail(document, describeValidationErrors(validate.errors ?? [], '(root)'));

  const errors = emptyFieldErrors();
  const seenIds = new Map<string, number>();
  const seenNames = new Map<string, number>();
  document.connections.forEach(({ connection }, index) => {
    const at = `connections[${index}].connection`;
    const firstWithId = seenIds.get(connection.connection_id);
    if (firstWithId === undefined) seenIds.set(connection.connection_id, index);
    else (errors[`${at}.connection_id`] ??= []).push(`repeats the id of connections[${firstWithId}]`);
    if (!knownEngines.has(connection.engine_id)) {
      (errors[`${at}.engine_id`] ??= []).push(`${connection.engine_id} does not name a storage engine`);
    }
    if (connection.name !== undefined) {
      const key = `${connection.company_id}\u0000${connection.name}`;
      const firstWithName = seenNames.get(key);
      if (firstWithName === undefined) seenNames.set(key, index);
      else {
        (errors[`${at}.name`] ??= []).push(
          `repeats the name of connections[${firstWithName}] in company ${connection.company_id}`,
        );
      }
    }
  });
  if (Object.keys(errors).length > 0) fail(document, errors);

  return {
    format: STATE_FORMAT,
    connections: document.connections.map((entry) => ({
      connection: { ...entry.connection },
      hasCredentials: entry.hasCredentials ?? false,
      domains: [...(entry.domains ?? [])],
      reachable: entry.reachable ?? true,
      origin: entry.origin ?? 'created',
    })),
  };
}
