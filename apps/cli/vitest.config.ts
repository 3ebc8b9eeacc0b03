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
      // The end-to-end tests start the built bin and spartera-mock as child processes.
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  }),
);
