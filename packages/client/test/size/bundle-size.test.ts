import { describe, expect, it } from 'vitest';
import {
  LIST_ONLY_CONSUMER,
  measureBundleSize,
  RAW_CONSUMER,
  SIZE_BUDGET_BYTES,
} from '../../scripts/bundle-size.mjs';

/** A string only openapi-fetch's code holds. */
const OPENAPI_FETCH_MARK = 'onRequest: must return new Request() or Response() when modifying the request';

describe('bundle size', () => {
  it(`a consumer of connections.list stays within ${SIZE_BUDGET_BYTES} bytes min+gzip`, async () => {
    const { gzipBytes } = await measureBundleSize();
    expect(gzipBytes).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
  });

  it('the consumer pulls in the client, and leaves openapi-fetch out', async () => {
    const { minifiedBytes, code } = await measureBundleSize(LIST_ONLY_CONSUMER);
    const { minifiedBytes: empty } = await measureBundleSize('export {};');
    expect(empty).toBeLessThan(100);
    expect(minifiedBytes).toBeGreaterThan(5_000);
    expect(code).toContain('spartera-client-ts/');
    expect(code).not.toContain(OPENAPI_FETCH_MARK);
  });

  it('a consumer of the raw client gets openapi-fetch and one copy of the client', async () => {
    const { code } = await measureBundleSize(RAW_CONSUMER);
    expect(code).toContain(OPENAPI_FETCH_MARK);
    expect(code.split('spartera-client-ts/')).toHaveLength(2);
  });
});
