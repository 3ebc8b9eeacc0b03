import { describe, expect, it } from 'vitest';
import { LIST_ONLY_CONSUMER, measureBundleSize, SIZE_BUDGET_BYTES } from '../../scripts/bundle-size.mjs';

describe('bundle size', () => {
  it(`a consumer of connections.list stays within ${SIZE_BUDGET_BYTES} bytes min+gzip`, async () => {
    const { gzipBytes } = await measureBundleSize();
    expect(gzipBytes).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
  });

  it('the consumer really pulls in the client and openapi-fetch', async () => {
    const { minifiedBytes } = await measureBundleSize(LIST_ONLY_CONSUMER);
    const { minifiedBytes: empty } = await measureBundleSize('export {};');
    expect(empty).toBeLessThan(100);
    expect(minifiedBytes).toBeGreaterThan(5_000);
  });
});
