import type { FetchLike } from '@spartera/client';
import { describe, expectTypeOf, it } from 'vitest';
import { createMockFetch } from '../../src/index.js';
import type { MockFetch, MockFetchOptions, MockServerOptions } from '../../src/index.js';

describe('createMockFetch types', () => {
  it('is a fetch, for the platform and for the client', () => {
    const mockFetch = createMockFetch();
    expectTypeOf(mockFetch).toEqualTypeOf<MockFetch>();
    expectTypeOf(mockFetch).toExtend<typeof fetch>();
    expectTypeOf(mockFetch).toExtend<FetchLike>();
    expectTypeOf(mockFetch('https://api.spartera.com/cloud-providers')).resolves.toEqualTypeOf<Response>();
    expectTypeOf(mockFetch).toBeCallableWith(new URL('https://api.spartera.com/cloud-providers'));
    expectTypeOf(mockFetch).toBeCallableWith(new Request('https://api.spartera.com/cloud-providers'), {
      method: 'POST',
    });
  });

  it('takes the options of the server that are about the API, plus baseUrl', () => {
    expectTypeOf<MockFetchOptions['baseUrl']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<MockFetchOptions['latencyMs']>().toEqualTypeOf<MockServerOptions['latencyMs']>();
    expectTypeOf<MockFetchOptions['dataset']>().toEqualTypeOf<MockServerOptions['dataset']>();
    expectTypeOf<MockFetchOptions>().not.toHaveProperty('port');
    // @ts-expect-error a mock fetch listens on no port
    createMockFetch({ port: 0 });
  });
});
