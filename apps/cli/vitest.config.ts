import { readFileSync } from 'node:fs';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    define: { __SPARTERA_CLI_VERSION__: JSON.stringify(version) },
    test: {
      include: ['test/**/*.test.ts'],
      // The end-to-end tests start the built bin and spartera-mock as child processes, dozens of
      // times on a busy shared machine: a hang detector, not a speed budget.
      testTimeout: 90_000,
      hookTimeout: 60_000,
    },
  }),
);
