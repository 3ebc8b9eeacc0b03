import type { DataSource, ListPageQuery } from './source.js';

const sameQuery = (a: ListPageQuery, b: ListPageQuery) =>
  a.page === b.page &&
  a.limit === b.limit &&
  a.sort_by === b.sort_by &&
  a.sort_order === b.sort_order &&
  a.search === b.search;

/**
 * Starts the first page and the engine list at once, while the UI is still loading, and hands
 * those answers to the app's first matching calls. Startup then overlaps the network with
 * module loading instead of waiting for one after the other.
 */
export function withPrefetch(source: DataSource, firstQuery: ListPageQuery): DataSource {
  let firstPage: Promise<Awaited<ReturnType<DataSource['listConnections']>>> | undefined =
    source.listConnections(firstQuery);
  let engines: ReturnType<DataSource['listEngines']> | undefined = source.listEngines();
  // Nobody may be listening yet; a failure is reported when the app asks for the page.
  firstPage.catch(() => undefined);
  engines.catch(() => undefined);
  return {
    companyId: source.companyId,
    label: source.label,
    listConnections: (query, options) => {
      const pending = firstPage;
      firstPage = undefined;
      return pending && sameQuery(query, firstQuery) ? pending : source.listConnections(query, options);
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
