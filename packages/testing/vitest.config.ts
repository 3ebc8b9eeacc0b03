import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      typecheck: { include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
      // Bounds on a hang, not on speed: child processes start slowly on a busy shared machine.
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
);
