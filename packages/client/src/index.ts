/**
 * `@spartera/client`: a typed, resilient client for the Spartera Connections API.
 *
 * ```ts
 * import { Spartera } from '@spartera/client';
 * const spartera = new Spartera(); // SPARTERA_API_KEY, SPARTERA_COMPANY_ID from the environment
 * for await (const connection of spartera.connections.iterate()) console.log(connection.name);
 * ```
 */
export { Spartera, VERSION, DEFAULT_BASE_URL } from './client.js';
export type { ClientOptions, DerivedClientOptions, HeadersInput, RequestOptions } from './client.js';
export type { FetchLike, Middleware, MiddlewareContext } from './core/transport.js';
export type { Logger, LogLevel } from './core/log.js';
export type { APIPromise, APIResponse } from './core/api-promise.js';
export { Page } from './core/pagination.js';
export type {
  ErrorBody,
  ErrorStatus,
  HttpMethod,
  Path,
  MethodOf,
  Result,
  PathParams,
  Query,
  RequestBody,
} from './core/spec.js';
export { Connections } from './resources/connections.js';
export type {
  ConnectionCreateParams,
  ConnectionListParams,
  ConnectionUpdateParams,
  SampleDataParams,
} from './resources/connections.js';
export { Engines } from './resources/engines.js';
export {
  SparteraError,
  MissingConfigurationError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
} from './core/errors.js';
export type {
  Connection,
  ConnectionInput,
  ConnectionUpdate,
  ConnectionIdPayload,
  ConnectionTestResult,
  CredentialType,
  InfoSchema,
  InfoSchemaSchema,
  InfoSchemaTable,
  InfoSchemaColumn,
  SampleData,
  StorageEngine,
  CloudProvider,
  ApiErrorBody,
} from '@spartera/types';
