import type { Connection, ConnectionInput, ConnectionUpdate, SampleData } from '@spartera/types';
import { describe, expectTypeOf, it } from 'vitest';
import type { Body, Data, Handler, Params } from '../../src/engine/handlers/types.js';

describe('handler types come from the generated operations', () => {
  it('types path and query parameters, with defaults filled in', () => {
    expectTypeOf<Params<'getConnectionSampleData'>['schema_name']>().toEqualTypeOf<string>();
    expectTypeOf<Params<'getConnectionSampleData'>['limit']>().toEqualTypeOf<number>();
    expectTypeOf<Params<'listConnections'>['page']>().toEqualTypeOf<number>();
    expectTypeOf<Params<'listConnections'>['sort_order']>().toEqualTypeOf<'asc' | 'desc'>();
    expectTypeOf<Params<'listConnections'>['search']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Params<'getStorageEngine'>['engine_id']>().toEqualTypeOf<number>();
    expectTypeOf<Params<'listCloudProviders'>>().not.toHaveProperty('company_id');
  });

  it('types bodies and results', () => {
    expectTypeOf<Body<'createConnection'>>().toEqualTypeOf<ConnectionInput>();
    expectTypeOf<Body<'updateConnection'>>().toEqualTypeOf<ConnectionUpdate>();
    expectTypeOf<Body<'getConnection'>>().toEqualTypeOf<undefined>();
    expectTypeOf<Data<'listConnections'>>().toEqualTypeOf<Connection[]>();
    expectTypeOf<Data<'getConnectionSampleData'>>().toEqualTypeOf<SampleData>();
  });

  it('refuses a handler that returns the wrong data', () => {
    // @ts-expect-error a list handler must return connections
    const wrong: Handler<'listConnections'> = () => ({ connection_id: 'conn_1' });
    expectTypeOf(wrong).toBeFunction();
  });
});
