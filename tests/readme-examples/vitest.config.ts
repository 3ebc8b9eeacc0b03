import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      // A README block gets 60 s to run (a hang detector, not a speed budget) plus its mock's start.
      testTimeout: 150_000,
      // Writing and type-checking a README's programs, once per README.
      hookTimeout: 180_000,
    },
  }),
);
