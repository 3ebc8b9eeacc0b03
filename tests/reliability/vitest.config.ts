import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      // Hang detectors, not speed budgets: thousands of requests take a while on a busy 2-core
      // machine, and no test here asserts how long anything takes. The 30 s soak is in soak/
      // (`pnpm test:soak`).
      testTimeout: 600_000,
      hookTimeout: 60_000,
      // One file at a time: the fault and memory runs send thousands of requests each.
      fileParallelism: false,
    },
  }),
);
