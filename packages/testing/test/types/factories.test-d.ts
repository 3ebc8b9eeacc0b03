import type { Connection, ConnectionInput } from '@spartera/types';
import { describe, expectTypeOf, it } from 'vitest';
import { connectionFactory, connectionInputFactory, createMockServer } from '../../src/index.js';
import type { MockServer, MockServerOptions } from '../../src/index.js';

describe('types', () => {
  it('factories build the spec types and check overrides against them', () => {
    expectTypeOf(connectionFactory.build()).toEqualTypeOf<Connection>();
    expectTypeOf(connectionInputFactory.buildList(2)).toEqualTypeOf<ConnectionInput[]>();
    // @ts-expect-error engine_id is an integer in the spec
    connectionFactory.build({ engine_id: 'one' });
    // @ts-expect-error unknown fields are not overrides
    connectionInputFactory.build({ admin: true });
  });

  it('createMockServer takes typed options and resolves to a MockServer', () => {
    expectTypeOf(createMockServer).parameter(0).toEqualTypeOf<MockServerOptions | undefined>();
    expectTypeOf(createMockServer({ latencyMs: [10, 20] })).resolves.toEqualTypeOf<MockServer>();
    // @ts-expect-error the data set is 'demo' or 'empty'
    void createMockServer({ dataset: 'huge' });
  });
});
