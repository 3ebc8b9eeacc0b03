import type {
  Connection,
  ConnectionTestResult,
  InfoSchema,
  SampleData,
  StorageEngine,
} from '@spartera/types';
import type { DataSource, ListPageQuery } from '../../src/api/source.js';
import { Failure } from '../../src/api/failure.js';

export const ENGINES: StorageEngine[] = [
  { engine_id: 1, provider_id: 1, service_name: 'BigQuery', engine_type: 'EDW' },
  { engine_id: 2, provider_id: 2, service_name: 'Snowflake', engine_type: 'EDW' },
  { engine_id: 3, provider_id: 3, service_name: 'PostgreSQL', engine_type: 'RDBMS' },
];

export function makeConnection(index: number, overrides: Partial<Connection> = {}): Connection {
  return {
    connection_id: `conn_${String(index).padStart(5, '0')}`,
    company_id: 'acme',
    engine_id: (index % 3) + 1,
    name: `Warehouse ${String(index).padStart(5, '0')}`,
    description: `Connection number ${index}`,
    credential_type: 'SERVICE_ACCOUNT',
    verified_usage_ability: index % 2 === 0,
    visibility: 'PRIVATE',
    user_id: 'usr_ada',
    date_created: '2026-01-02T03:04:05Z',
    last_updated: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

export const INFO_SCHEMA: InfoSchema = {
  connection_id: 'conn_00000',
  schemas: [
    {
      schema_name: 'sales',
      tables: [
        {
          table_name: 'orders',
          table_type: 'BASE TABLE',
          columns: [
            { column_name: 'order_id', data_type: 'INT64', is_nullable: false, ordinal_position: 1 },
            { column_name: 'amount', data_type: 'NUMERIC', is_nullable: true, ordinal_position: 2 },
          ],
        },
        {
          table_name: 'customers',
          table_type: 'VIEW',
          columns: [
            { column_name: 'customer_id', data_type: 'STRING', is_nullable: false, ordinal_position: 1 },
          ],
        },
      ],
    },
    {
      schema_name: 'marketing',
      tables: [
        {
          table_name: 'campaigns',
          table_type: 'BASE TABLE',
          columns: [
            { column_name: 'campaign_name', data_type: 'STRING', is_nullable: true, ordinal_position: 1 },
          ],
        },
      ],
    },
  ],
};

export const SAMPLE: SampleData = {
  order_id: [1001, 1002, 1003],
  amount: [42.5, null, 7],
  status: ['paid', 'refunded', 'paid'],
  region: ['eu-west-1', 'us-east-1', 'ap-south-1'],
  note: ['first', 'second', 'third'],
};

type Method = Exclude<keyof DataSource, 'companyId' | 'label'>;

/**
 * An in-memory DataSource: pages, search and sort like the API, records every call, and fails
 * or hangs on demand, so the views can be driven without a server.
 */
export class FakeSource implements DataSource {
  readonly companyId = 'acme';
  readonly label = 'fake';
  connections: Connection[];
  calls: { method: Method; args: unknown[] }[] = [];
  /** The next call of that method rejects with this error (once). */
  failures = new Map<Method, Failure>();
  /** Calls of these methods never settle (until aborted). */
  hanging = new Set<Method>();
  testResult: ConnectionTestResult = {
    connection_id: 'conn_00000',
    success: true,
    message: 'Connected to BigQuery project acme-prod',
    latency_ms: 142,
    tested_at: '2026-11-27T10:00:00Z',
  };

  constructor(count = 12) {
    this.connections = Array.from({ length: count }, (_, index) => makeConnection(index));
  }

  private async answer<T>(
    method: Method,
    args: unknown[],
    signal: AbortSignal | undefined,
    produce: () => T,
  ): Promise<T> {
    this.calls.push({ method, args });
    await Promise.resolve();
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      throw failure;
    }
    if (this.hanging.has(method)) {
      return new Promise<T>((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        });
      });
    }
    return produce();
  }

  callsOf(method: Method): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  listConnections(query: ListPageQuery, options?: { signal?: AbortSignal }) {
    return this.answer('listConnections', [query], options?.signal, () => {
      const needle = query.search?.toLowerCase();
      const matching = this.connections.filter(
        (connection) => !needle || (connection.name ?? '').toLowerCase().includes(needle),
      );
      const start = (query.page - 1) * query.limit;
      return matching.slice(start, start + query.limit);
    });
  }

  getConnection(id: string, options?: { signal?: AbortSignal }) {
    return this.answer('getConnection', [id], options?.signal, () => {
      const found = this.connections.find((connection) => connection.connection_id === id);
      if (!found) throw new Failure('not-found', 'Resource not found', { status: 404 });
      return found;
    });
  }

  createConnection(input: Parameters<DataSource['createConnection']>[0], options?: { signal?: AbortSignal }) {
    return this.answer('createConnection', [input], options?.signal, () => ({ connection_id: 'conn_new' }));
  }

  updateConnection(
    id: string,
    patch: Parameters<DataSource['updateConnection']>[1],
    options?: { signal?: AbortSignal },
  ) {
    return this.answer('updateConnection', [id, patch], options?.signal, () => ({ connection_id: id }));
  }

  deleteConnection(id: string, options?: { signal?: AbortSignal }) {
    return this.answer('deleteConnection', [id], options?.signal, () => {
      this.connections = this.connections.filter((connection) => connection.connection_id !== id);
      return { connection_id: id };
    });
  }

  testConnection(id: string, options?: { signal?: AbortSignal }) {
    return this.answer('testConnection', [id], options?.signal, () => ({
      ...this.testResult,
      connection_id: id,
    }));
  }

  infoSchema(id: string, options?: { signal?: AbortSignal }) {
    return this.answer('infoSchema', [id], options?.signal, () => ({ ...INFO_SCHEMA, connection_id: id }));
  }

  sampleData(id: string, query: Parameters<DataSource['sampleData']>[1], options?: { signal?: AbortSignal }) {
    return this.answer('sampleData', [id, query], options?.signal, () => SAMPLE);
  }

  listEngines(options?: { signal?: AbortSignal }) {
    return this.answer('listEngines', [], options?.signal, () => ENGINES);
  }
}
