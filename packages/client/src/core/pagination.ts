import type { APIPromise } from './api-promise.js';
import { SparteraError } from './errors.js';

/** The largest page the API serves. */
export const MAX_PAGE_SIZE = 100;

/** The id an item is told apart by, if it has one. */
const idOf = (item: unknown): unknown => (item as { connection_id?: unknown } | null)?.connection_id;

/**
 * Every item of every page, fetching a page only when the previous one is used up and stopping on
 * a short page (the API sends no total). Only the current page is held, so memory stays flat.
 * Pages are read by offset, so a connection created by someone else during the walk shifts the
 * next page back over items already yielded: an item whose id was on the page before is skipped,
 * never yielded twice. (One deleted meanwhile shifts the pages forward; only a new walk sees the
 * item that moved onto the page already read.)
 */
export async function* paginate<T>(
  fetchPage: (page: number, limit: number) => Promise<T[]>,
  firstPage = 1,
  limit = MAX_PAGE_SIZE,
): AsyncGenerator<T, void, undefined> {
  let previous: string | undefined;
  let previousIds = new Set<unknown>();
  for (let page = firstPage; ; page++) {
    const items = await fetchPage(page, limit);
    // A server or a caching proxy that ignores `page` serves the same full page forever: a page
    // whose first and last items are the previous page's would make this loop endless.
    const ends = JSON.stringify([items[0], items[limit - 1]]);
    if (ends === previous) {
      throw new SparteraError(`Page ${page} repeats the page before: the server ignores \`page\``);
    }
    previous = ends;
    const ids = new Set(items.map(idOf));
    for (const item of items) {
      const id = idOf(item);
      if (id === undefined || !previousIds.has(id)) yield item;
    }
    previousIds = ids;
    if (items.length < limit) return;
  }
}

/** All items of every page, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/**
 * One page of a listing. The API sends no total: a full page (`limit` items) means there may be
 * more, a shorter one is the last. `for await` over a page walks its items, then the next pages'.
 */
export class Page<Item> implements AsyncIterable<Item> {
  /** The items of this page. */
  declare readonly data: Item[];
  /** This page's number, from 1. */
  declare readonly page: number;
  /** How many items a page holds at most. */
  declare readonly limit: number;
  readonly #fetchPage: (page: number) => APIPromise<Page<Item>>;

  /** @internal */
  constructor(
    data: Item[],
    page: number,
    limit: number,
    fetchPage: (page: number) => APIPromise<Page<Item>>,
  ) {
    Object.assign(this, { data, page, limit });
    this.#fetchPage = fetchPage;
  }

  /** Whether a next page may hold items: this one is full. */
  hasNextPage(): boolean {
    return this.data.length >= this.limit;
  }

  /** The next page, with the same query and options. Throws when this page is the last. */
  getNextPage(): APIPromise<Page<Item>> {
    if (!this.hasNextPage()) throw new SparteraError(`Page ${this.page} is the last: it is not full`);
    return this.#fetchPage(this.page + 1);
  }

  /** This page's items, then every next page's, fetched as the loop needs them. */
  [Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    return paginate(
      (page) =>
        page === this.page ? Promise.resolve(this.data) : this.#fetchPage(page).then(({ data }) => data),
      this.page,
      this.limit,
    );
  }
}
