import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientSource } from '../../src/api/client-source.js';
import { explainFailure, Failure } from '../../src/api/failure.js';
import { checkConnectionPage, checkInfoSchema, checkTestResult } from '../../src/api/shapes.js';

/** What the next GET answers with (status 200), whatever its path. */
let nextBody: unknown;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(nextBody));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const source = () => createClientSource({ apiKey: 'sk_test_key', companyId: 'acme', baseUrl: url });
const query = { page: 1, limit: 100, sort_by: 'name', sort_order: 'asc' } as const;

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Failure) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('answers of the wrong shape', () => {
  it('shows what can be shown of a connection whose fields have the wrong types', async () => {
    nextBody = {
      message: 'ok',
      data: [
        {
          connection_id: 'conn_1',
          company_id: 'acme',
          engine_id: '7',
          name: 12345,
          description: null,
          provider_domain: { nested: 'x' },
          verified_usage_ability: 'yes',
          last_updated: ['2026'],
        },
        { connection_id: 42, company_id: 'acme', engine_id: 2, name: true },
      ],
    };
    const page = await source().listConnections(query);
    expect(page).toEqual([
      {
        connection_id: 'conn_1',
        company_id: 'acme',
        name: '12345',
        provider_domain: '{"nested":"x"}',
        last_updated: '["2026"]',
      },
      { connection_id: '42', company_id: 'acme', engine_id: 2, name: 'true' },
    ]);
  });

  it('refuses a list that is not a list, or a connection without an id, saying so', async () => {
    nextBody = { message: 'ok', data: 'not a list' };
    const notList = await failureOf(source().listConnections(query));
    expect(notList.kind).toBe('malformed');
    expect(explainFailure(notList, 'loading the connections')).toBe(
      "The API's answer could not be read while loading the connections: data is a string, expected an array of objects. Press r to retry.",
    );
    nextBody = { message: 'ok', data: [{ connection_id: 'conn_1' }, { name: 'no id' }] };
    const noId = await failureOf(source().listConnections(query));
    expect(noId.message).toBe('connection 2 of the page has no usable id (a undefined)');
    nextBody = { message: 'ok' };
    expect((await failureOf(source().getConnection('conn_1'))).kind).toBe('malformed');
  });

  it('reads a test result, an information schema and sample data only when they can be drawn', async () => {
    expect(checkTestResult({ success: true, message: 7 })).toEqual({
      connection_id: '',
      success: true,
      message: '7',
      latency_ms: Number.NaN,
      tested_at: '',
    });
    expect(() => checkTestResult({ success: 'maybe' })).toThrow(/neither success nor failure/);
    expect(
      checkInfoSchema({
        connection_id: 'c',
        schemas: [{ schema_name: 5, tables: [{ table_name: 't', columns: [{}, 'x'] }, null] }, 'junk'],
      }),
    ).toEqual({
      connection_id: 'c',
      schemas: [
        {
          schema_name: '5',
          tables: [
            {
              table_name: 't',
              columns: [{ column_name: '', data_type: '', is_nullable: true, ordinal_position: 1 }],
            },
          ],
        },
      ],
    });
    expect(() => checkInfoSchema({ schemas: {} })).toThrow(/schemas are an object, not a list/);
    nextBody = { message: 'ok', data: { id: [1, 2], name: 'not a column' } };
    const sample = await failureOf(
      source().sampleData('conn_1', { schema_name: 's', table_name: 't', limit: 10 }),
    );
    expect(sample.message).toBe('column "name" of the sample is text');
    expect(checkConnectionPage([])).toEqual([]);
  });
});
