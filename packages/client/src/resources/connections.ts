import type {
  Connection,
  ConnectionIdPayload,
  ConnectionInput,
  ConnectionTestResult,
  ConnectionUpdate,
  InfoSchema,
  ListConnectionsQuery,
  SampleData,
  SampleDataQuery,
} from '@spartera/types';
import type { RequestOptions, Spartera } from '../client.js';
import { checkId } from '../client.js';
import { SparteraError } from '../core/errors.js';
import { MAX_PAGE_SIZE, paginate } from '../core/pagination.js';

/** The body of `create`: `company_id` may be left out, the client's company fills it in. */
export type ConnectionCreateParams = Omit<ConnectionInput, 'company_id'> & { company_id?: string };

/** The query of `list` and `iterate`: `page`, `limit` (1..100), `sort_by`, `sort_order`, `search`. */
export type ConnectionListParams = ListConnectionsQuery;

/** The query of `sampleData`: `schema_name`, `table_name`, and `limit` (1..10000, default 1000). */
export type SampleDataParams = SampleDataQuery;

const collection = (companyId: string) => `/companies/${companyId}/connections`;
/** The company's connections: links to its warehouses and databases. */
export class Connections {
  constructor(private readonly client: Spartera) {}

  /** The path of one connection, after checking both ids (which also rules out `../` and `/`). */
  #item(connectionId: string, options: RequestOptions | undefined, suffix = ''): string {
    const companyId = this.client._companyId(options);
    return `${collection(companyId)}/${checkId('connectionId', connectionId)}${suffix}`;
  }

  /**
   * Get all connections for a specific company, one page at a time. The response carries no
   * total count: a page shorter than `limit` is the last one. See `iterate` for every page.
   */
  async list(query: ConnectionListParams = {}, options?: RequestOptions): Promise<Connection[]> {
    return this.client._call('GET', collection(this.client._companyId(options)), options, query);
  }

  /**
   * Every connection, page after page (`limit` per page, 100 by default), fetching the next page
   * only when the loop needs it. Only one page is held at a time.
   */
  iterate(query: ConnectionListParams = {}, options?: RequestOptions): AsyncIterable<Connection> {
    const { page = 1, limit = MAX_PAGE_SIZE, ...filters } = query;
    // A server that clamps a larger limit would make every page look short and end the loop early.
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new SparteraError(
        `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}; got ${String(limit)}`,
      );
    }
    this.client._companyId(options);
    return paginate(
      (pageNumber, pageSize) => this.list({ ...filters, page: pageNumber, limit: pageSize }, options),
      page,
      limit,
    );
  }

  /** Get single connection by ID. */
  async get(connectionId: string, options?: RequestOptions): Promise<Connection> {
    return this.client._call('GET', this.#item(connectionId, options), options);
  }

  /**
   * Create a new connection. The `credentials` are write-only: stored and never returned.
   * `company_id` defaults to the client's company (or the call's `companyId`); a `company_id` in
   * the input also chooses the company in the path, as the API wants them equal.
   * Never retried automatically: a retry could create a duplicate.
   */
  async create(input: ConnectionCreateParams, options?: RequestOptions): Promise<ConnectionIdPayload> {
    const companyId =
      options?.companyId === undefined && input.company_id !== undefined
        ? checkId('company_id', input.company_id)
        : this.client._companyId(options);
    const body: ConnectionInput = { ...input, company_id: input.company_id ?? companyId };
    return this.client._call('POST', collection(companyId), options, undefined, body);
  }

  /**
   * Update an existing connection: changes only the fields given, every other field keeps its
   * value. Never retried automatically.
   */
  async update(
    connectionId: string,
    patch: ConnectionUpdate,
    options?: RequestOptions,
  ): Promise<ConnectionIdPayload> {
    const path = this.#item(connectionId, options);
    if (Object.keys(patch).length === 0) throw new SparteraError('update needs at least one field to change');
    return this.client._call('PATCH', path, options, undefined, patch);
  }

  /** Delete single connection by ID. */
  async delete(connectionId: string, options?: RequestOptions): Promise<ConnectionIdPayload> {
    return this.client._call('DELETE', this.#item(connectionId, options), options);
  }

  /**
   * Test the specified connection against its warehouse. A connection that cannot be reached is
   * still a success whose `success` is `false`.
   */
  async test(connectionId: string, options?: RequestOptions): Promise<ConnectionTestResult> {
    return this.client._call('GET', this.#item(connectionId, options, '/test'), options);
  }

  /**
   * Retrieve the information schema for the specified connection: the schemas, tables and
   * columns it can read, nested as a tree.
   */
  async infoSchema(connectionId: string, options?: RequestOptions): Promise<InfoSchema> {
    return this.client._call('GET', this.#item(connectionId, options, '/infoschema'), options);
  }

  /**
   * Get a random sample of up to `limit` rows of one table, as columnar data: each column name
   * mapped to the list of its values, every list of the same length.
   */
  async sampleData(
    connectionId: string,
    query: SampleDataParams,
    options?: RequestOptions,
  ): Promise<SampleData> {
    return this.client._call('GET', this.#item(connectionId, options, '/sample-data'), options, query);
  }
}
