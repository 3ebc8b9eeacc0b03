/**
 * Types of the Spartera Connections API, generated from `openapi/spartera.yaml`.
 *
 * `paths`, `components` and `operations` are openapi-typescript's raw output (what openapi-fetch
 * takes); the names below are the ones people write by hand.
 */
import type { components, operations, paths } from './generated/openapi.js';

export type { components, operations, paths };
export { credentialTypeValues, engineTypeValues, sortOrderValues } from './generated/openapi.js';

type Schemas = components['schemas'];

/** A link between a company and one of its warehouses or databases, as the API returns it. */
export type Connection = Schemas['Connection'];
/** The body of `createConnection`; `company_id` and `engine_id` are required. */
export type ConnectionInput = Schemas['ConnectionInput'];
/** The body of `updateConnection` (PATCH): every field optional, only given fields change. */
export type ConnectionUpdate = Schemas['ConnectionUpdate'];
/** How a connection authenticates against its warehouse. */
export type CredentialType = Schemas['CredentialType'];
/** `{ connection_id }`: what create, update and delete return. */
export type ConnectionIdPayload = Schemas['ConnectionIdPayload'];
/** The outcome of `testConnection`. */
export type ConnectionTestResult = Schemas['ConnectionTestResult'];
/** Schemas → tables → columns, as `getConnectionInfoSchema` returns them. */
export type InfoSchema = Schemas['InfoSchema'];
export type InfoSchemaSchema = Schemas['InfoSchemaSchema'];
export type InfoSchemaTable = Schemas['InfoSchemaTable'];
export type InfoSchemaColumn = Schemas['InfoSchemaColumn'];
/** Columnar sample rows: each column name mapped to its values. */
export type SampleData = Schemas['SampleData'];
export type SampleValue = Schemas['SampleValue'];
export type CloudProvider = Schemas['CloudProvider'];
export type StorageEngine = Schemas['StorageEngine'];
export type EngineType = Schemas['EngineType'];
export type SortOrder = Schemas['SortOrder'];

/** The body of any error response: `code` and `message`, plus `errors` on 400 and `retry_after` on 429. */
export type ApiErrorBody = Schemas['Error'] & {
  errors?: Schemas['ValidationError']['errors'];
  retry_after?: Schemas['RateLimitError']['retry_after'];
};

/** The `{ message, data }` envelope every 2xx response carries. */
export interface Envelope<T> {
  message: string;
  data: T;
}

/** The id of an operation in the spec (`listConnections`, `getConnection`, ...). */
export type OperationId = keyof operations;

/** The query parameters of `listConnections` (page, limit, sort_by, sort_order, search). */
export type ListConnectionsQuery = NonNullable<operations['listConnections']['parameters']['query']>;
/** The query parameters of `getConnectionSampleData`. */
export type SampleDataQuery = operations['getConnectionSampleData']['parameters']['query'];
