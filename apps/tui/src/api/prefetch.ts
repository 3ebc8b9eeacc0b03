import type { Connection } from '@spartera/types';
import type { DataSource, ListPageQuery } from './source.js';

const sameQuery = (a: ListPageQuery, b: ListPageQuery) =>
  a.page === b.page &&
  a.limit === b.limit &&
  a.sort_by === b.sort_by &&
  a.sort_order === b.sort_order &&
  a.search === b.search;

/** A data source whose first page was asked for at start; `firstPage` lets the start peek at it. */
export interface PrefetchedSource extends DataSource {
  /** The first page, as asked for at start (never rejects: a failure resolves to undefined). */
  readonly firstPage: Promise<Connection[] | undefined>;
  /** The first page was shown from `firstPage`: the next call for it (a refresh) asks the API. */
  forgetFirstPage(): void;
}

/**
 * Starts the first page and the engine listing at once, while the UI is still loading, and hands
 * those very answers to the app's first matching calls: one list request and one engine listing
 * at start, however slow the API (the client keeps the listing for later calls).
 */
export function withPrefetch(source: DataSource, firstQuery: ListPageQuery): PrefetchedSource {
  let firstPage: Promise<Connection[]> | undefined = source.listConnections(firstQuery);
  let engines: ReturnType<DataSource['listEngines']> | undefined = source.listEngines();
  const peek = firstPage.catch(() => undefined);
  // Nobody may be listening yet; a failure is reported when the app asks for the page.
  engines.catch(() => undefined);
  return {
    companyId: source.companyId,
    label: source.label,
    firstPage: peek,
    forgetFirstPage: () => {
      firstPage = undefined;
    },
    listConnections: (query, options) => {
      const pending = firstPage;
      if (pending && sameQuery(query, firstQuery)) {
        firstPage = undefined;
        return pending;
      }
      return source.listConnections(query, options);
    },
    listEngines: (options) => {
      const pending = engines;
      engines = undefined;
      return pending ?? source.listEngines(options);
    },
    getConnection: (id, options) => source.getConnection(id, options),
    createConnection: (input, options) => source.createConnection(input, options),
    updateConnection: (id, patch, options) => source.updateConnection(id, patch, options),
    deleteConnection: (id, options) => source.deleteConnection(id, options),
    testConnection: (id, options) => source.testConnection(id, options),
    infoSchema: (id, options) => source.infoSchema(id, options),
    sampleData: (id, query, options) => source.sampleData(id, query, options),
  };
}
