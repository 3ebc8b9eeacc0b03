import type { SortBy, SortOrder } from './types.js';

/** Rows per page of the list. */
export const PAGE_SIZE = 100;

/**
 * The request the list starts with; the startup prefetch asks for exactly this. Its own module,
 * free of UI code, so the first request goes out before the UI has loaded.
 */
export function firstPageQuery(): {
  page: number;
  limit: number;
  sort_by: SortBy;
  sort_order: SortOrder;
} {
  return { page: 1, limit: PAGE_SIZE, sort_by: 'last_updated', sort_order: 'desc' };
}
