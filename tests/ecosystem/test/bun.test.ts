// Bun, on the same installed tarballs: ESM, CommonJS, and the TypeScript consumer run directly.
import { runCommand } from '@spartera/test-support';
import type { MockProcess } from '@spartera/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bunBinary } from '../src/runtimes.js';
import type { Expected } from './helpers.js';
import {
  consumerEnvironment,
  expectScenario,
  expectedFromMock,
  projectDir,
  resultOf,
  startProjectMock,
} from './helpers.js';

let mock: MockProcess;
let expected: Expected;

beforeAll(async () => {
  mock = await startProjectMock();
  expected = await expectedFromMock(mock.url);
});

afterAll(async () => {
  expect(await mock.stop()).toBe(0);
});

const bun = (file: string) =>
  runCommand(bunBinary(), ['run', file], {
    cwd: projectDir(),
    // Bun reads a .env file and its own config from the project; neither exists here.
    env: consumerEnvironment(mock.url, { BUN_INSTALL_CACHE_DIR: `${projectDir()}/.bun-cache` }),
    timeoutMs: 600_000,
  });

test('Bun: import of the ESM build', async () => {
  const result = resultOf(await bun('esm.mjs'), 'bun esm.mjs');
  expect(result.build).toMatch(/@spartera\/client\/dist\/index\.js$/);
  expectScenario(result, expected);
});

test('Bun: require of the CommonJS build', async () => {
  const result = resultOf(await bun('cjs.cjs'), 'bun cjs.cjs');
  expect(result.build).toMatch(/@spartera\/client\/dist\/index\.cjs$/);
  expectScenario(result, expected);
});

test('Bun: the TypeScript consumer, run as TypeScript', async () => {
  expectScenario(resultOf(await bun('typed.ts'), 'bun typed.ts'), expected);
});
