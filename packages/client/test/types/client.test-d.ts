import { describe, expectTypeOf, it } from 'vitest';
import type {
  Connection,
  ConnectionIdPayload,
  ConnectionTestResult,
  InfoSchema,
  SampleData,
  StorageEngine,
  CloudProvider,
  components,
} from '@spartera/types';
import type {
  APIError,
  APIPromise,
  APIResponse,
  BadRequestError,
  NotFoundError,
  Page,
  RateLimitError,
} from '../../src/index.js';
import {
  Spartera,
  type ClientOptions,
  type ConnectionCreateParams,
  type RequestOptions,
} from '../../src/index.js';
import { createRawClient } from '../../src/raw.js';

const spartera = new Spartera({ apiKey: 'k', companyId: 'c' });
const c = spartera.connections;

// The method types are read off the spec's `paths`; these name the schemas the spec gives each
// 200 body today, so a spec change to a 200 body fails here (see drift/method-types.test.ts).
describe('return types come from the spec', () => {
  it('connections', () => {
    expectTypeOf(c.list()).toEqualTypeOf<APIPromise<Connection[]>>();
    expectTypeOf(c.listPage()).toEqualTypeOf<APIPromise<Page<Connection>>>();
    expectTypeOf(c.iterate()).toEqualTypeOf<AsyncIterable<Connection>>();
    expectTypeOf(c.get('x')).toEqualTypeOf<APIPromise<Connection>>();
    expectTypeOf(c.create({ engine_id: 1 })).toEqualTypeOf<APIPromise<ConnectionIdPayload>>();
    expectTypeOf(c.update('x', { name: 'n' })).toEqualTypeOf<APIPromise<ConnectionIdPayload>>();
    expectTypeOf(c.delete('x')).toEqualTypeOf<APIPromise<ConnectionIdPayload>>();
    expectTypeOf(c.test('x')).toEqualTypeOf<APIPromise<ConnectionTestResult>>();
    expectTypeOf(c.infoSchema('x')).toEqualTypeOf<APIPromise<InfoSchema>>();
    expectTypeOf(c.sampleData('x', { schema_name: 's', table_name: 't' })).toEqualTypeOf<
      APIPromise<SampleData>
    >();
  });

  it('withResponse and asResponse', () => {
    expectTypeOf(c.get('x').withResponse()).toEqualTypeOf<Promise<APIResponse<Connection>>>();
    expectTypeOf<APIResponse<Connection>>().toEqualTypeOf<{
      data: Connection;
      response: Response;
      requestId: string | undefined;
      message: string | undefined;
    }>();
    expectTypeOf(c.list().asResponse()).toEqualTypeOf<Promise<Response>>();
  });

  it('pages', async () => {
    const page = await c.listPage({ limit: 10 });
    expectTypeOf(page.data).toEqualTypeOf<Connection[]>();
    expectTypeOf(page.hasNextPage()).toEqualTypeOf<boolean>();
    expectTypeOf(page.getNextPage()).toEqualTypeOf<APIPromise<Page<Connection>>>();
    expectTypeOf(page).toExtend<AsyncIterable<Connection>>();
  });

  it('derived clients', () => {
    expectTypeOf(spartera.withOptions({ companyId: 'c', logLevel: 'debug' })).toEqualTypeOf<Spartera>();
    // @ts-expect-error the key stays the parent's
    void spartera.withOptions({ apiKey: 'other' });
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

  it('the raw client is typed with the spec paths', () => {
    const raw = createRawClient(spartera);
    // @ts-expect-error no such path
    void raw.GET('/companies');
    void raw.GET('/companies/{company_id}/connections', {
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
    expectTypeOf<APIError['requestId']>().toEqualTypeOf<string | undefined>();
  });

  it('type body as the spec declares the error body of their status', () => {
    expectTypeOf<NotFoundError['body']>().toEqualTypeOf<
      components['schemas']['Error'] | string | undefined
    >();
    expectTypeOf<BadRequestError['body']>().toEqualTypeOf<
      components['schemas']['ValidationError'] | string | undefined
    >();
    expectTypeOf<RateLimitError['body']>().toEqualTypeOf<
      components['schemas']['RateLimitError'] | string | undefined
    >();
    expectTypeOf<
      Exclude<RateLimitError['body'], string | undefined>['retry_after']
    >().toEqualTypeOf<number>();
  });
});
