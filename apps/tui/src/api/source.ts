import type {
  Connection,
  ConnectionInput,
  ConnectionTestResult,
  ConnectionUpdate,
  InfoSchema,
  SampleData,
  StorageEngine,
} from '@spartera/types';

/** The request options every data-source call takes: a signal so a stale request can be dropped. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListPageQuery {
  page: number;
  limit: number;
  sort_by: string;
  sort_order: 'asc' | 'desc';
  search?: string;
}

export interface SampleQuery {
  schema_name: string;
  table_name: string;
  limit: number;
}

/**
 * Everything the app asks of the API. A failed call rejects with a `Failure` (`./failure.ts`). The views and hooks only know this interface: the real
 * implementation is a thin adapter over `@spartera/client`, tests pass a fake.
 */
export interface DataSource {
  /** The company the connections belong to (shown in the header, sent on create). */
  readonly companyId: string;
  /** Where the data comes from, for the header: a host name or "demo (mock)". */
  readonly label: string;
  listConnections(query: ListPageQuery, options?: CallOptions): Promise<Connection[]>;
  getConnection(id: string, options?: CallOptions): Promise<Connection>;
  createConnection(input: ConnectionInput, options?: CallOptions): Promise<{ connection_id: string }>;
  updateConnection(
    id: string,
    patch: ConnectionUpdate,
    options?: CallOptions,
  ): Promise<{ connection_id: string }>;
  deleteConnection(id: string, options?: CallOptions): Promise<unknown>;
  testConnection(id: string, options?: CallOptions): Promise<ConnectionTestResult>;
  infoSchema(id: string, options?: CallOptions): Promise<InfoSchema>;
  sampleData(id: string, query: SampleQuery, options?: CallOptions): Promise<SampleData>;
  listEngines(options?: CallOptions): Promise<StorageEngine[]>;
}
