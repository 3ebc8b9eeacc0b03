/** The largest page the API serves. */
export const MAX_PAGE_SIZE = 100;

/**
 * Every item of every page, fetching a page only when the previous one is used up and stopping on
 * a short page (the API sends no total). Only the current page is held, so memory stays flat.
 */
export async function* paginate<T>(
  fetchPage: (page: number, limit: number) => Promise<T[]>,
  firstPage = 1,
  limit = MAX_PAGE_SIZE,
): AsyncGenerator<T, void, undefined> {
  for (let page = firstPage; ; page++) {
    const items = await fetchPage(page, limit);
    yield* items;
    if (items.length < limit) return;
  }
}

/** All items of every page, in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
