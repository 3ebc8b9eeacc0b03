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
 * Everything the app asks of the API. The views and hooks only know this interface: the real
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

/** What went wrong, in the terms the screens explain it. */
export type FailureKind =
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'invalid'
  | 'conflict'
  | 'rate-limit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'config'
  | 'unknown';

/** A failed call as the UI sees it; adapters turn client errors into this. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  readonly kind: FailureKind;
  readonly status: number | undefined;
  /** Per-field messages of a 400 response, keyed by the API's field names. */
  readonly fieldErrors: Readonly<Record<string, readonly string[]>>;
  /** Seconds to wait before retrying, when a 429 said so. */
  readonly retryAfter: number | undefined;

  constructor(
    kind: FailureKind,
    message: string,
    details: {
      status?: number;
      fieldErrors?: Record<string, readonly string[]>;
      retryAfter?: number;
    } = {},
  ) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.fieldErrors = details.fieldErrors ?? {};
    this.retryAfter = details.retryAfter;
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError');
}
