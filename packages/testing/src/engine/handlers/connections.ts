/** Create, read, update, delete and list connections. */
import type { ConnectionUpdate } from '@spartera/types';
import { HttpError } from '../errors.js';
import { page, requireConnection } from './shared.js';
import type { Handler, HandlerContext } from './types.js';

/** Sorted, filtered views are kept in the cache, so paging through 100,000 connections sorts once. */
export const listConnections: Handler<'listConnections'> = ({ params }, { store, cache }) => {
  const sortBy = params.sort_by ?? 'date_created';
  const view = cache.get(
    `view\u0000${params.company_id}\u0000${sortBy}\u0000${params.sort_order}\u0000${params.search ?? ''}`,
    () =>
      store.listConnections(params.company_id, {
        sortBy,
        sortOrder: params.sort_order,
        search: params.search,
      }),
    (view) => 16 * view.length,
  );
  return page(view, params);
};

export const getConnection: Handler<'getConnection'> = ({ params }, context) =>
  requireConnection(context, params);

/** The API's rules beyond the schema: the path's company, a known engine, a unique name. */
function checkSemantics(
  { store }: HandlerContext,
  companyId: string,
  fields: ConnectionUpdate,
  connectionId: string | undefined,
): void {
  if (fields.company_id !== undefined && fields.company_id !== companyId) {
    throw new HttpError(
      422,
      `company_id ${fields.company_id} in the body must be the company in the path, ${companyId}`,
    );
  }
  if (
    fields.engine_id !== undefined &&
    !store.storageEngines.some((engine) => engine.engine_id === fields.engine_id)
  ) {
    throw new HttpError(422, `engine_id ${fields.engine_id} does not name a storage engine`);
  }
  if (fields.name !== undefined) {
    const existing = store.findByName(companyId, fields.name);
    if (existing && existing.connection_id !== connectionId) {
      throw new HttpError(409, 'A connection with this name already exists');
    }
  }
}

export const createConnection: Handler<'createConnection'> = ({ params, body }, context) => {
  const { credentials, ...fields } = body;
  checkSemantics(context, params.company_id, fields, undefined);
  const { store } = context;
  const now = context.now().toISOString();
  const record = store.insertConnection(
    { connection_id: store.newConnectionId(), ...fields, date_created: now, last_updated: now },
    credentials,
  );
  return { connection_id: record.connection_id };
};

export const updateConnection: Handler<'updateConnection'> = ({ params, body }, context) => {
  const existing = requireConnection(context, params);
  const { credentials, ...fields } = body;
  checkSemantics(context, params.company_id, fields, existing.connection_id);
  context.store.updateConnection(
    params.company_id,
    existing.connection_id,
    { ...fields, last_updated: context.now().toISOString() },
    credentials,
  );
  return { connection_id: existing.connection_id };
};

export const deleteConnection: Handler<'deleteConnection'> = ({ params }, context) => {
  const existing = requireConnection(context, params);
  context.store.deleteConnection(existing.company_id, existing.connection_id);
  return { connection_id: existing.connection_id };
};
