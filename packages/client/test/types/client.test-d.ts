import { describe, expectTypeOf, it } from 'vitest';
import type {
  Connection,
  ConnectionIdPayload,
  ConnectionTestResult,
  InfoSchema,
  SampleData,
  StorageEngine,
  CloudProvider,
} from '@spartera/types';
import type { APIError, BadRequestError, RateLimitError } from '../../src/index.js';
import {
  Spartera,
  type ClientOptions,
  type ConnectionCreateParams,
  type RequestOptions,
} from '../../src/index.js';

const spartera = new Spartera({ apiKey: 'k', companyId: 'c' });
const c = spartera.connections;

describe('return types come from @spartera/types', () => {
  it('connections', () => {
    expectTypeOf(c.list()).toEqualTypeOf<Promise<Connection[]>>();
    expectTypeOf(c.iterate()).toEqualTypeOf<AsyncIterable<Connection>>();
    expectTypeOf(c.get('x')).toEqualTypeOf<Promise<Connection>>();
    expectTypeOf(c.create({ engine_id: 1 })).toEqualTypeOf<Promise<ConnectionIdPayload>>();
    expectTypeOf(c.update('x', { name: 'n' })).toEqualTypeOf<Promise<ConnectionIdPayload>>();
    expectTypeOf(c.delete('x')).toEqualTypeOf<Promise<ConnectionIdPayload>>();
    expectTypeOf(c.test('x')).toEqualTypeOf<Promise<ConnectionTestResult>>();
    expectTypeOf(c.infoSchema('x')).toEqualTypeOf<Promise<InfoSchema>>();
    expectTypeOf(c.sampleData('x', { schema_name: 's', table_name: 't' })).toEqualTypeOf<
      Promise<SampleData>
    >();
  });

  it('engines', () => {
    expectTypeOf(spartera.engines.list()).toEqualTypeOf<Promise<StorageEngine[]>>();
    expectTypeOf(spartera.engines.get(1)).toEqualTypeOf<Promise<StorageEngine>>();
    expectTypeOf(spartera.engines.providers()).toEqualTypeOf<Promise<CloudProvider[]>>();
  });

  it('connection fields keep their wire names and types', () => {
    expectTypeOf<Connection['engine_id']>().toEqualTypeOf<number>();
    expectTypeOf<Connection['connection_id']>().toEqualTypeOf<string>();
  });
});

describe('wrong inputs fail to compile', () => {
  it('create', () => {
    // company_id is optional: the client fills it in.
    expectTypeOf<{ engine_id: number }>().toExtend<ConnectionCreateParams>();
    // @ts-expect-error engine_id is a number, not a string
    void c.create({ engine_id: '1' });
    // @ts-expect-error engine_id is required
    void c.create({ name: 'no engine' });
    // @ts-expect-error credential_type is one of the enum values
    void c.create({ engine_id: 1, credential_type: 'PASSWORD' });
    // @ts-expect-error unknown fields are rejected
    void c.create({ engine_id: 1, colour: 'blue' });
  });

  it('update, list, sampleData and ids', () => {
    // @ts-expect-error verified_usage_ability is a boolean
    void c.update('x', { verified_usage_ability: 'yes' });
    // @ts-expect-error limit is a number
    void c.list({ limit: '50' });
    // @ts-expect-error sort_order is asc or desc
    void c.list({ sort_order: 'up' });
    // @ts-expect-error table_name is required
    void c.sampleData('x', { schema_name: 's' });
    // @ts-expect-error connection ids are strings
    void c.get(42);
    // @ts-expect-error engine ids are numbers
    void spartera.engines.get('1');
  });

  it('options', () => {
    // @ts-expect-error timeoutMs is a number
    expectTypeOf(new Spartera({ timeoutMs: '100' })).toBeObject();
    // @ts-expect-error unknown client option
    expectTypeOf(new Spartera({ apiKeys: 'k' })).toBeObject();
    // @ts-expect-error signal is an AbortSignal
    void c.list({}, { signal: true });
    expectTypeOf<RequestOptions['companyId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ClientOptions['maxRetries']>().toEqualTypeOf<number | undefined>();
  });

  it('raw is typed with the spec paths', () => {
    // @ts-expect-error no such path
    void spartera.raw.GET('/companies');
    void spartera.raw.GET('/companies/{company_id}/connections', {
      // @ts-expect-error company_id is required in the path
      params: { path: {} },
    });
  });
});

describe('errors', () => {
  it('carry typed fields', () => {
    expectTypeOf<APIError['status']>().toEqualTypeOf<number>();
    expectTypeOf<APIError['headers']>().toEqualTypeOf<Headers>();
    expectTypeOf<BadRequestError['errors']>().toEqualTypeOf<Record<string, string[]>>();
    expectTypeOf<RateLimitError['retryAfter']>().toEqualTypeOf<number | undefined>();
  });
});
