import { readFileSync } from 'node:fs';
import { defineConfig, mergeConfig } from 'vitest/config';
import { E2E_MODE, sharedE2EConfig, sharedTestConfig, suiteFiles } from '../../vitest.shared.js';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig(({ mode }) =>
  mergeConfig(
    mode === E2E_MODE ? sharedE2EConfig : sharedTestConfig,
    defineConfig({
      define: { __SPARTERA_CLI_VERSION__: JSON.stringify(version) },
      test: {
        // The end-to-end suite starts the built bin and spartera-mock as child processes: every
        // command, both formats and every exit code, and the README's scripts run as written.
        ...suiteFiles(mode, ['test/**/*.test.ts'], ['test/e2e/**/*.test.ts', 'test/readme.test.ts']),
        // Dozens of child processes on a busy shared machine: a hang detector, not a speed budget.
        testTimeout: 90_000,
        hookTimeout: 60_000,
      },
    }),
  ),
);
