import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedE2EConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedE2EConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      // A README block gets 180 s to run (a hang detector, not a speed budget: a program that takes
      // 2 s alone can take 40 s on a 2-core machine running other builds), plus its mock's start.
      testTimeout: 300_000,
      // Writing and type-checking a README's programs, once per README.
      hookTimeout: 300_000,
    },
  }),
);
