import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      // Some tests run saves in child processes (concurrency, a user who cannot write).
      testTimeout: 20_000,
    },
  }),
);
