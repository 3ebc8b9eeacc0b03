/** Every operation's handler, by operationId: the compiler checks each against the generated types. */
import type { OperationId } from '@spartera/types';
import { listCloudProviders, getStorageEngine, listStorageEngines } from './catalog.js';
import {
  createConnection,
  deleteConnection,
  getConnection,
  listConnections,
  updateConnection,
} from './connections.js';
import type { Data, Handler, HandlerContext, Handlers, ValidRequest } from './types.js';
import { getConnectionInfoSchema, getConnectionSampleData, testConnection } from './warehouse.js';

export const handlers: Handlers = {
  listConnections,
  createConnection,
  getConnection,
  updateConnection,
  deleteConnection,
  testConnection,
  getConnectionInfoSchema,
  getConnectionSampleData,
  listCloudProviders,
  listStorageEngines,
  getStorageEngine,
};

/**
 * Operations whose answer is a function of the parameters and the store alone (not of the clock or
 * a write), so that their serialized body can be cached until the next write.
 */
export const cacheableOperations: ReadonlySet<OperationId> = new Set<OperationId>([
  'listConnections',
  'getConnection',
  'getConnectionInfoSchema',
  'getConnectionSampleData',
  'listCloudProviders',
  'listStorageEngines',
  'getStorageEngine',
]);

/** Calls the handler of `operationId`; the request's type follows the operation's. */
export function runHandler<Op extends OperationId>(
  operationId: Op,
  request: ValidRequest<Op>,
  context: HandlerContext,
): Data<Op> {
  const handler: Handler<Op> = handlers[operationId];
  return handler(request, context);
}

export type { Data, Handler, HandlerContext, Handlers, ValidRequest } from './types.js';
