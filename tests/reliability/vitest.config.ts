import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      // The load test runs for 30 s by design; the others are bounded well below this.
      testTimeout: 90_000,
      hookTimeout: 30_000,
      // One file at a time: the load and fault runs measure the machine, and share its 2 cores.
      fileParallelism: false,
    },
  }),
);
