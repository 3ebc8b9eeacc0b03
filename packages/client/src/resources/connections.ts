import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import { isRecord } from '../core/errors.js';
import { MAX_PAGE_SIZE, Page, paginate } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import type { Query, RequestBody, Result } from '../core/spec.js';
import { checkWhole, invalid } from '../core/values.js';

const COLLECTION = '/companies/{company_id}/connections';
const ITEM = '/companies/{company_id}/connections/{connection_id}';
type Collection = typeof COLLECTION;
type Item = typeof ITEM;

/** The body of `create`: `company_id` may be left out, the client's company fills it in. */
export type ConnectionCreateParams = Omit<
  RequestBody<'/companies/{company_id}/connections', 'post'>,
  'company_id'
> & {
  company_id?: string;
};

/** The body of `update`: only the fields given change. */
export type ConnectionUpdateParams = RequestBody<
  '/companies/{company_id}/connections/{connection_id}',
  'patch'
>;

/** The query of `list`, `listPage` and `iterate`: `page`, `limit` (1..100), `sort_by`, `sort_order`, `search`. */
export type ConnectionListParams = NonNullable<Query<'/companies/{company_id}/connections', 'get'>>;

/** The query of `sampleData`: `schema_name`, `table_name`, and `limit` (1..10000, default 1000). */
export type SampleDataParams = Query<
  '/companies/{company_id}/connections/{connection_id}/sample-data',
  'get'
>;

/** A connection as `list` returns it. */
type Listed = Result<Collection, 'get'>[number];

/**
 * The company's connections: links to its warehouses and databases. Every method checks its ids
 * before anything is sent (1 to 255 letters, digits, `_` or `-`), so `''`, `'.'` or `'../x'` is a
 * `SparteraError`, never a request to another path.
 */
export class Connections extends APIResource {
  /**
   * Get all connections for a specific company, one page at a time. The response carries no
   * total count: a page shorter than `limit` is the last one. See `listPage` and `iterate`.
   */
  list(query: ConnectionListParams = {}, options?: RequestOptions): APIPromise<Result<Collection, 'get'>> {
    return this._client._request('get', COLLECTION, options, {}, { query, list: true });
  }

  /**
   * One page as a `Page`: its `data`, `page` and `limit`, `hasNextPage()` and `getNextPage()`.
   * `for await (const c of await connections.listPage())` walks on from that page. `limit`
   * defaults to the API's 20.
   */
  listPage(query: ConnectionListParams = {}, options?: RequestOptions): APIPromise<Page<Listed>> {
    // A bad page or limit gets the API's own 400; a query that is not an object, a SparteraError.
    const { page = 1, limit = 20 } = isRecord(query) ? query : {};
    return this._client._request(
      'get',
      COLLECTION,
      options,
      {},
      { query: isRecord(query) ? { ...query, page, limit } : query, list: true },
      (data) => new Page(data, page, limit, (next) => this.listPage({ ...query, page: next }, options)),
    );
  }

  /**
   * Every connection, page after page (`limit` per page, 100 by default), fetching the next page
   * only when the loop needs it. Only one page is held at a time. Each `for await` over the
   * result starts again from the first page, so two loops each see every connection.
   */
  iterate(query: ConnectionListParams = {}, options?: RequestOptions): AsyncIterable<Listed> {
    if (!isRecord(query)) throw invalid('query', 'an object', query);
    const { page = 1, limit = MAX_PAGE_SIZE, ...filters } = query;
    // A server that clamps a larger limit would make every page look short and end the loop early.
    checkWhole('limit', limit, 1, MAX_PAGE_SIZE);
    checkWhole('page', page, 1);
    this._client._companyId(options);
    return {
      [Symbol.asyncIterator]: () =>
        paginate((next, size) => this.list({ ...filters, page: next, limit: size }, options), page, limit),
    };
  }

  /** Get single connection by ID. */
  get(connectionId: string, options?: RequestOptions): APIPromise<Result<Item, 'get'>> {
    return this._client._request('get', ITEM, options, { connection_id: connectionId });
  }

  /**
   * Create a new connection. The `credentials` are write-only: stored and never returned.
   * `company_id` defaults to the client's company (or the call's `companyId`); a `company_id` in
   * the input also chooses the company in the path, as the API wants them equal.
   * Never retried automatically: a retry could create a duplicate.
   */
  create(input: ConnectionCreateParams, options?: RequestOptions): APIPromise<Result<Collection, 'post'>> {
    const inputCompany = (input as Partial<ConnectionCreateParams> | null)?.company_id;
    return this._client._request(
      'post',
      COLLECTION,
      options?.companyId === undefined && inputCompany !== undefined
        ? { ...options, companyId: inputCompany }
        : options,
      {},
      // `company_id` is filled in with the call's company when left out.
      { body: input as RequestBody<Collection, 'post'> },
    );
  }

  /**
   * Update an existing connection: changes only the fields given (`undefined` ones are left out),
   * every other field keeps its value. Never retried automatically.
   */
  update(
    connectionId: string,
    patch: ConnectionUpdateParams,
    options?: RequestOptions,
  ): APIPromise<Result<Item, 'patch'>> {
    return this._client._request('patch', ITEM, options, { connection_id: connectionId }, { body: patch });
  }

  /**
   * Delete single connection by ID. Retried like a GET; when an attempt's answer is lost (a network
   * error, a timeout or a 5xx) and the retry gets 404, the first attempt did delete it: the call
   * resolves as deleted, and the log says so at `info`.
   */
  delete(connectionId: string, options?: RequestOptions): APIPromise<Result<Item, 'delete'>> {
    return this._client._request(
      'delete',
      ITEM,
      options,
      { connection_id: connectionId },
      { gone: { connection_id: connectionId } },
    );
  }

  /**
   * Test the specified connection against its warehouse. A connection that cannot be reached is
   * still a success whose `success` is `false`.
   */
  test(connectionId: string, options?: RequestOptions): APIPromise<Result<`${Item}/test`, 'get'>> {
    return this._client._request('get', `${ITEM}/test`, options, { connection_id: connectionId });
  }

  /**
   * Retrieve the information schema for the specified connection: the schemas, tables and
   * columns it can read, nested as a tree.
   */
  infoSchema(
    connectionId: string,
    options?: RequestOptions,
  ): APIPromise<Result<`${Item}/infoschema`, 'get'>> {
    return this._client._request('get', `${ITEM}/infoschema`, options, { connection_id: connectionId });
  }

  /**
   * Get a random sample of up to `limit` rows of one table, as columnar data: each column name
   * mapped to the list of its values, every list of the same length.
   */
  sampleData(
    connectionId: string,
    query: SampleDataParams,
    options?: RequestOptions,
  ): APIPromise<Result<`${Item}/sample-data`, 'get'>> {
    return this._client._request(
      'get',
      `${ITEM}/sample-data`,
      options,
      { connection_id: connectionId },
      { query },
    );
  }
}
