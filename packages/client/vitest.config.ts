import { readFileSync } from 'node:fs';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    define: { __SPARTERA_CLIENT_VERSION__: JSON.stringify(version) },
    test: {
      include: ['test/**/*.test.ts'],
      // The type tests (test/**/*.test-d.ts) are checked by the package's `typecheck` (tsc over src and
      // test), which fails on any broken expectTypeOf: running tsc a second time here cost a minute.
    },
  }),
);
