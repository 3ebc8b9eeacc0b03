/**
 * Bad input for every field of every operation, derived from the OpenAPI document itself: wrong types,
 * missing values, oversized strings, unicode and injection strings where the spec forbids them. Every
 * case must get a clear 400, 413 or 422 naming the field, and must leave the store exactly as it was.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createMockServer, DEMO_API_KEY, DEMO_COMPANY_ID } from '@spartera/testing';
import type { MockServer } from '@spartera/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordFigures } from './helpers/figures.js';

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
}
interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema: Schema;
  $ref?: string;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
}
interface Document {
  paths: Record<string, Record<string, Operation | Parameter[]>>;
  components: { parameters: Record<string, Parameter>; schemas: Record<string, Schema> };
}

const require = createRequire(import.meta.url);
const specPath = require.resolve('@spartera/types/openapi.json');
const spec = JSON.parse(readFileSync(specPath, 'utf8')) as Document;

function resolve<T extends { $ref?: string }>(node: T): T {
  if (node.$ref === undefined) return node;
  const [, , group, name] = node.$ref.split('/');
  const target = (spec.components as unknown as Record<string, Record<string, T>>)[group!]![name!];
  if (target === undefined) throw new Error(`unresolved ${node.$ref}`);
  return resolve(target);
}

const INJECTION = "x'; DROP TABLE connections; --";
const SCRIPT = '<script>alert(1)</script>';
const UNICODE = 'naïve_数据_🚀';

interface Case {
  operation: string;
  method: string;
  field: string;
  label: string;
  url: string;
  body?: string;
}

/** Values that the schema of one field refuses, each with a label saying why. */
function badValues(schema: Schema): { label: string; value: unknown }[] {
  const resolved = resolve(schema);
  const type = Array.isArray(resolved.type) ? resolved.type[0] : resolved.type;
  const values: { label: string; value: unknown }[] = [];
  if (type === 'string') {
    values.push({ label: 'a number instead of a string', value: 12345 });
    values.push({ label: 'null', value: null });
    if (resolved.maxLength !== undefined) {
      values.push({
        label: `an oversized string (${resolved.maxLength + 1} chars)`,
        value: 'x'.repeat(resolved.maxLength + 1),
      });
    }
    if (resolved.minLength !== undefined && resolved.minLength > 0)
      values.push({ label: 'an empty string', value: '' });
    if (resolved.pattern !== undefined || resolved.enum !== undefined) {
      values.push({ label: 'unicode outside the pattern', value: UNICODE });
      values.push({ label: 'an SQL injection string', value: INJECTION });
      values.push({ label: 'a script tag', value: SCRIPT });
    }
  } else if (type === 'integer' || type === 'number') {
    values.push({ label: 'an injection string instead of a number', value: `1; ${INJECTION}` });
    values.push({ label: 'a boolean', value: true });
    if (type === 'integer') values.push({ label: 'a fraction', value: 1.5 });
    if (resolved.minimum !== undefined)
      values.push({ label: 'below the minimum', value: resolved.minimum - 1 });
    if (resolved.maximum !== undefined)
      values.push({ label: 'above the maximum', value: resolved.maximum + 1 });
  } else if (type === 'boolean') {
    values.push({ label: 'the string "yes"', value: 'yes' });
    values.push({ label: 'a number', value: 1 });
  }
  return values;
}

/** Query and path parameters travel as text: the bad values above, written as they would be in a URL. */
function badParameterValues(parameter: Parameter): { label: string; value: string }[] {
  return badValues(parameter.schema)
    .filter(({ value }) => value !== null && value !== 12345 && value !== true && value !== 1)
    .map(({ label, value }) => ({ label, value: String(value) }))
    .filter(({ value }) => value !== '' || parameter.in === 'query');
}

let server: MockServer;
let cases: Case[] = [];
const outcomes = new Map<number, number>();

beforeAll(async () => {
  server = await createMockServer({ seed: 11 });
  const connection = server.store.connections(DEMO_COMPANY_ID)[0]!;
  const infoSchema = server.store.infoSchema(DEMO_COMPANY_ID, connection.connection_id)!;
  const firstSchema = infoSchema.schemas[0]!;
  const valid: Record<string, string> = {
    company_id: DEMO_COMPANY_ID,
    connection_id: connection.connection_id,
    provider_id: '1',
    engine_id: '1',
    schema_name: firstSchema.schema_name,
    table_name: firstSchema.tables[0]!.table_name,
  };
  const validBodies: Record<string, Record<string, unknown>> = {
    createConnection: { company_id: DEMO_COMPANY_ID, engine_id: 1, name: 'bad input baseline' },
    updateConnection: { description: 'bad input baseline' },
  };

  for (const [template, item] of Object.entries(spec.paths)) {
    const shared = ((item.parameters ?? []) as Parameter[]).map(resolve);
    for (const [method, value] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const operation = value as Operation;
      const parameters = [...shared, ...(operation.parameters ?? []).map(resolve)];
      const build = (override?: { name: string; value: string | undefined }) => {
        let url = template;
        const query = new URLSearchParams();
        for (const parameter of parameters) {
          const chosen = override?.name === parameter.name ? override.value : valid[parameter.name];
          if (parameter.in === 'path')
            url = url.replace(`{${parameter.name}}`, encodeURIComponent(chosen ?? ''));
          else if (chosen !== undefined) query.set(parameter.name, chosen);
        }
        const search = query.toString();
        return `${url}${search ? `?${search}` : ''}`;
      };
      const base = { operation: operation.operationId, method: method.toUpperCase() };
      const validBody = validBodies[operation.operationId];

      for (const parameter of parameters) {
        for (const { label, value: bad } of badParameterValues(parameter)) {
          cases.push({
            ...base,
            field: parameter.name,
            label,
            url: build({ name: parameter.name, value: bad }),
            ...(validBody && { body: JSON.stringify(validBody) }),
          });
        }
        if (parameter.in === 'query' && parameter.required) {
          cases.push({
            ...base,
            field: parameter.name,
            label: 'missing',
            url: build({ name: parameter.name, value: undefined }),
          });
        }
      }

      const bodySchema = operation.requestBody?.content['application/json'].schema;
      if (bodySchema && validBody) {
        const resolved = resolve(bodySchema);
        const url = build();
        for (const [field, fieldSchema] of Object.entries(resolved.properties ?? {})) {
          for (const { label, value: bad } of badValues(fieldSchema)) {
            cases.push({ ...base, field, label, url, body: JSON.stringify({ ...validBody, [field]: bad }) });
          }
        }
        for (const field of resolved.required ?? []) {
          const { [field]: _dropped, ...rest } = validBody;
          cases.push({ ...base, field, label: 'missing', url, body: JSON.stringify(rest) });
        }
        cases.push({
          ...base,
          field: 'unexpected_field',
          label: 'an unknown field',
          url,
          body: JSON.stringify({ ...validBody, unexpected_field: 1 }),
        });
        cases.push({ ...base, field: 'body', label: 'malformed JSON', url, body: '{"name": "unterminated' });
        cases.push({ ...base, field: 'body', label: 'an array instead of an object', url, body: '[]' });
        cases.push({
          ...base,
          field: 'body',
          label: 'a body over 1 MiB',
          url,
          body: JSON.stringify({ ...validBody, description: 'x'.repeat(1_100_000) }),
        });
      }
    }
  }
  cases = cases.map((entry) => ({ ...entry, url: `${server.url}${entry.url}` }));
});

afterAll(async () => {
  await server.close();
  await recordFigures('bad-input', 'Reliability: bad input for every field of every operation', [
    { name: 'cases derived from the spec', median: cases.length, unit: 'requests' },
    ...[...outcomes.entries()]
      .sort()
      .map(([status, count]) => ({ name: `answered ${status}`, median: count, unit: 'requests' })),
    { name: 'store changed by a rejected request', median: 0, unit: 'times', budget: '0', pass: true },
  ]);
});

describe('bad input', () => {
  test('the spec yields cases for every operation', () => {
    const operations = new Set(cases.map((entry) => entry.operation));
    expect([...operations].sort()).toEqual(
      Object.values(spec.paths)
        .flatMap((item) =>
          Object.entries(item)
            .filter(([key]) => key !== 'parameters')
            .map(([, op]) => (op as Operation).operationId),
        )
        .sort(),
    );
    expect(cases.length).toBeGreaterThan(200);
  });

  test('every case gets a clear 400, 413 or 422 naming what is wrong, and the store is unchanged', async () => {
    const unclear: string[] = [];
    for (const entry of cases) {
      const before = server.store.snapshot();
      const response = await fetch(entry.url, {
        method: entry.method,
        headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' },
        ...(entry.body !== undefined && { body: entry.body }),
      });
      const text = await response.text();
      outcomes.set(response.status, (outcomes.get(response.status) ?? 0) + 1);
      const where = `${entry.operation} ${entry.field}: ${entry.label} → ${response.status} ${text.slice(0, 160)}`;
      if (![400, 413, 422].includes(response.status)) {
        unclear.push(where);
        continue;
      }
      const body = JSON.parse(text) as { code: number; message: string; errors?: Record<string, string[]> };
      if (body.code !== response.status || typeof body.message !== 'string' || body.message === '')
        unclear.push(where);
      if (response.status === 400) {
        const named = Object.keys(body.errors ?? {});
        if (!named.includes(entry.field) && !(entry.field === 'body' && named.length > 0))
          unclear.push(`${where} (does not name ${entry.field})`);
      }
      if (server.store.snapshot() !== before) unclear.push(`${where} (changed the store)`);
    }
    expect(unclear).toEqual([]);
  });

  test('unicode and injection strings in free-text fields are data: stored and returned verbatim', async () => {
    const text = `${UNICODE} ${INJECTION} ${SCRIPT}`;
    const response = await fetch(`${server.url}/companies/${DEMO_COMPANY_ID}/connections`, {
      method: 'POST',
      headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        company_id: DEMO_COMPANY_ID,
        engine_id: 1,
        name: 'free text',
        description: text,
      }),
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { connection_id: string } };
    expect(server.store.getConnection(DEMO_COMPANY_ID, data.connection_id)?.description).toBe(text);
  });
});
