/**
 * @spartera/testing: fixtures, a stateful spec-validated mock of the Spartera Connections API,
 * the `spartera-mock` server, and the mock as a `fetch` function. MSW handlers live in
 * `@spartera/testing/msw`.
 */
export { createMockServer } from './server.js';
export type { ControlStatus, MockServer, MockServerOptions } from './server.js';
export { createMockFetch, createLightMockFetch } from './fetch.js';
export type { MockFetch, MockFetchOptions } from './fetch.js';

export { MockEngine, MAX_BODY_BYTES } from './engine/engine.js';
export type { EngineOptions, MockRequest, MockResponse, TransportAction } from './engine/engine.js';
export { Faults } from './engine/faults.js';
export type {
  DelayFaultOptions,
  DescribedFault,
  DescribedFaultKind,
  DescribedMatch,
  DropFaultOptions,
  FaultMatch,
  FaultsDescription,
  Latency,
  RandomFailure,
  SlowBodyOptions,
  StatusFaultOptions,
} from './engine/faults.js';
export { RequestLog, maskSecret, REDACTED } from './engine/request-log.js';
export type { LoggedRequest } from './engine/request-log.js';
export { MockStore } from './engine/store.js';
export type { DatasetName, ListQuery } from './engine/store.js';
export { parseState, StateError, STATE_FORMAT } from './engine/state.js';
export type {
  CompleteConnectionState,
  CompleteStoreState,
  ConnectionState,
  StoreState,
} from './engine/state.js';
export { checkResponse, checkSchema } from './engine/spec.js';
export type { FieldErrors } from './engine/spec.js';

export { DEMO_API_KEY, DEMO_COMPANY_ID, demoCompanies, buildDemoConnections } from './fixtures/demo.js';
export type { DemoCompany, DemoConnection } from './fixtures/demo.js';
export { cloudProviders, storageEngines } from './fixtures/catalog.js';
export { buildInfoSchema, buildSampleData } from './fixtures/warehouse.js';
export type { DomainName } from './fixtures/warehouse.js';
export {
  apiErrorFactory,
  cloudProviderFactory,
  connectionFactory,
  connectionIdPayloadFactory,
  connectionInputFactory,
  connectionTestResultFactory,
  connectionUpdateFactory,
  createFactories,
  DEFAULT_FACTORY_SEED,
  infoSchemaColumnFactory,
  infoSchemaFactory,
  infoSchemaSchemaFactory,
  infoSchemaTableFactory,
  sampleDataFactory,
  storageEngineFactory,
} from './fixtures/factories.js';
export type { Factories, Factory } from './fixtures/factories.js';
