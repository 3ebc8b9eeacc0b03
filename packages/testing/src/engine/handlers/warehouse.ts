/** What a connection's warehouse holds: testing the link, its information schema, sample rows. */
import type { InfoSchema } from '@spartera/types';
import { buildSampleData } from '../../fixtures/warehouse.js';
import { hashString } from '../../random.js';
import { HttpError } from '../errors.js';
import { requireConnection } from './shared.js';
import type { Handler, HandlerContext } from './types.js';

export const testConnection: Handler<'testConnection'> = ({ params }, context) => {
  const connection = requireConnection(context, params);
  const { store } = context;
  const outcome = store.testOutcome(connection.company_id, connection.connection_id) ?? 'unreachable';
  const engine = store.storageEngines.find((candidate) => candidate.engine_id === connection.engine_id);
  const service = engine?.service_name ?? 'the warehouse';
  const messages = {
    ok: `Connected to ${service}; the stored credentials were accepted`,
    unreachable: `Could not reach the ${service} host: the connection timed out after 10 s`,
    'no-credentials': `No credentials are stored for this ${service} connection; add them with an update`,
  } as const;
  return {
    connection_id: connection.connection_id,
    success: outcome === 'ok',
    message: messages[outcome],
    latency_ms: outcome === 'unreachable' ? 10_000 : 40 + (hashString(connection.connection_id) % 360),
    tested_at: context.now().toISOString(),
  };
};

function infoSchemaOf(context: HandlerContext, companyId: string, connectionId: string): InfoSchema {
  const schema = context.cache.get(
    `infoschema\u0000${companyId}\u0000${connectionId}`,
    () => context.store.infoSchema(companyId, connectionId),
    () => 2_000,
  );
  if (!schema) throw new HttpError(404, `Connection ${connectionId} not found`);
  return schema;
}

export const getConnectionInfoSchema: Handler<'getConnectionInfoSchema'> = ({ params }, context) => {
  const connection = requireConnection(context, params);
  return infoSchemaOf(context, connection.company_id, connection.connection_id);
};

export const getConnectionSampleData: Handler<'getConnectionSampleData'> = ({ params }, context) => {
  const connection = requireConnection(context, params);
  const { schema_name: schemaName, table_name: tableName } = params;
  const known = infoSchemaOf(context, connection.company_id, connection.connection_id)
    .schemas.find((candidate) => candidate.schema_name === schemaName)
    ?.tables.some((table) => table.table_name === tableName);
  const data = known
    ? buildSampleData(connection.connection_id, schemaName, tableName, params.limit)
    : undefined;
  if (!data) throw new HttpError(404, `Table ${schemaName}.${tableName} not found in this connection`);
  return data;
};
