import type { Connection } from '@spartera/types';
import { HttpError } from '../errors.js';
import { matchesSearch, sortItems } from '../store.js';
import type { HandlerContext } from './types.js';

interface PageParams {
  page: number;
  limit: number;
}

/** The items of one page, counted from 1. */
export function page<T>(items: readonly T[], params: PageParams): T[] {
  return items.slice((params.page - 1) * params.limit, params.page * params.limit);
}

/** The connection the path names, or a 404 that names it. */
export function requireConnection(
  { store }: HandlerContext,
  params: { company_id: string; connection_id: string },
): Connection {
  const connection = store.getConnection(params.company_id, params.connection_id);
  if (!connection) throw new HttpError(404, `Connection ${params.connection_id} not found`);
  return connection;
}

interface CatalogParams extends PageParams {
  sort_by?: string;
  sort_order: 'asc' | 'desc';
  search?: string;
}

function searchableText(item: object): { name?: string; description?: string } {
  const record = item as { name?: unknown; description?: unknown; service_name?: unknown };
  const name =
    typeof record.name === 'string'
      ? record.name
      : typeof record.service_name === 'string'
        ? record.service_name
        : undefined;
  const description = typeof record.description === 'string' ? record.description : undefined;
  return { ...(name === undefined ? {} : { name }), ...(description === undefined ? {} : { description }) };
}

/** One page of a catalog list: filtered by `search`, in id order unless `sort_by` asks otherwise. */
export function listCatalog<T extends object>(
  items: readonly T[],
  params: CatalogParams,
  idField: keyof T & string,
): T[] {
  const needle = params.search?.toLowerCase();
  const selected =
    needle === undefined ? [...items] : items.filter((item) => matchesSearch(searchableText(item), needle));
  const sorted =
    params.sort_by === undefined
      ? sortItems(selected, idField, 'asc', idField)
      : sortItems(selected, params.sort_by, params.sort_order, idField);
  return page(sorted, params);
}
