import type {
  Connection,
  ConnectionTestResult,
  InfoSchema,
  InfoSchemaColumn,
  InfoSchemaSchema,
  InfoSchemaTable,
  SampleData,
  StorageEngine,
} from '@spartera/types';
import { Failure } from './failure.js';

/**
 * The API's answers, checked before the screens use them. The client types them from the spec but
 * does not check them at run time, and a broken server or a proxy can send anything: a number
 * where a name goes, `null`, an object. What identifies a thing (an id, the list itself) must
 * have its shape, or the answer is refused with a `malformed` Failure that says what was wrong;
 * what is only shown (names, descriptions, dates) is kept as text when it can be, dropped when
 * it cannot, so one odd field never hides the rest.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function malformed(what: string): Failure {
  return new Failure('malformed', what);
}

/** A value that is shown: text as it is, a number or a boolean as text, an object as JSON. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** An id: text, or a whole number (an API may send ids as numbers). */
function id(value: unknown, what: string): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw malformed(`${what} has no usable id (${describe(value)})`);
}

const number = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/** A few words on what a value is, for a message: never the value itself (it may be huge). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value === '' ? 'empty text' : 'text';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Only the keys that have a value: the types' optional fields are absent, never `undefined`. */
function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

export function checkConnection(value: unknown, what = 'the connection'): Connection {
  if (!isObject(value)) throw malformed(`${what} is ${describe(value)}, not an object`);
  return defined({
    connection_id: id(value.connection_id, what),
    company_id: text(value.company_id) ?? '',
    engine_id: number(value.engine_id) as number,
    user_id: text(value.user_id),
    credential_type: text(value.credential_type) as Connection['credential_type'],
    name: text(value.name),
    description: text(value.description),
    provider_domain: text(value.provider_domain),
    verified_usage_ability: flag(value.verified_usage_ability),
    visibility: text(value.visibility),
    date_created: text(value.date_created),
    last_updated: text(value.last_updated),
  });
}

export function checkConnectionPage(value: unknown): Connection[] {
  if (!Array.isArray(value)) throw malformed(`the list of connections is ${describe(value)}, not a list`);
  return value.map((item, index) => checkConnection(item, `connection ${index + 1} of the page`));
}

export function checkIdPayload(value: unknown): { connection_id: string } {
  if (!isObject(value)) throw malformed(`the answer is ${describe(value)}, not an object`);
  return { connection_id: id(value.connection_id, 'the answer') };
}

export function checkTestResult(value: unknown): ConnectionTestResult {
  if (!isObject(value)) throw malformed(`the test result is ${describe(value)}, not an object`);
  if (typeof value.success !== 'boolean')
    throw malformed(`the test result says neither success nor failure (${describe(value.success)})`);
  return {
    connection_id: text(value.connection_id) ?? '',
    success: value.success,
    message: text(value.message) ?? '',
    // Not a number: the screens say the latency is unknown.
    latency_ms: number(value.latency_ms) ?? Number.NaN,
    tested_at: text(value.tested_at) ?? '',
  };
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function checkColumn(value: unknown, index: number): InfoSchemaColumn | undefined {
  if (!isObject(value)) return undefined;
  return {
    column_name: text(value.column_name) ?? '',
    data_type: text(value.data_type) ?? '',
    is_nullable: flag(value.is_nullable) ?? true,
    ordinal_position: number(value.ordinal_position) ?? index + 1,
  };
}

function checkTable(value: unknown): InfoSchemaTable | undefined {
  if (!isObject(value)) return undefined;
  return defined({
    table_name: text(value.table_name) ?? '',
    table_type: text(value.table_type),
    columns: list(value.columns)
      .map(checkColumn)
      .filter((column) => column !== undefined),
  }) as InfoSchemaTable;
}

function checkSchema(value: unknown): InfoSchemaSchema | undefined {
  if (!isObject(value)) return undefined;
  return {
    schema_name: text(value.schema_name) ?? '',
    tables: list(value.tables)
      .map(checkTable)
      .filter((table) => table !== undefined),
  };
}

export function checkInfoSchema(value: unknown): InfoSchema {
  if (!isObject(value)) throw malformed(`the information schema is ${describe(value)}, not an object`);
  if (!Array.isArray(value.schemas))
    throw malformed(`the information schema's schemas are ${describe(value.schemas)}, not a list`);
  return {
    connection_id: text(value.connection_id) ?? '',
    schemas: value.schemas.map(checkSchema).filter((schema) => schema !== undefined),
  };
}

export function checkSampleData(value: unknown): SampleData {
  if (!isObject(value)) throw malformed(`the sample data is ${describe(value)}, not an object of columns`);
  for (const [column, values] of Object.entries(value)) {
    if (!Array.isArray(values))
      throw malformed(`column ${JSON.stringify(column.slice(0, 40))} of the sample is ${describe(values)}`);
  }
  return value as SampleData;
}

export function checkEngines(value: unknown): StorageEngine[] {
  if (!Array.isArray(value)) throw malformed(`the engine list is ${describe(value)}, not a list`);
  const engines: StorageEngine[] = [];
  for (const item of value) {
    if (!isObject(item)) continue;
    const engineId = number(item.engine_id);
    if (engineId === undefined) continue;
    engines.push(
      defined({
        engine_id: engineId,
        provider_id: number(item.provider_id) ?? 0,
        service_name: text(item.service_name) ?? `engine ${engineId}`,
        engine_type: (text(item.engine_type) ?? '') as StorageEngine['engine_type'],
      }),
    );
  }
  return engines;
}
