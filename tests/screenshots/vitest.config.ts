import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedE2EConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedE2EConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      // Starting Chromium and rasterising a picture take seconds on a busy machine.
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
