// Deno, on the same installed tarballs (Deno uses the project's package.json and node_modules).
// The permissions asked here are the ones the client's README documents: --allow-net for the API's
// host, and --allow-env for the three variables only when the program leaves options to them.
import { runCommand } from '@spartera/test-support';
import type { MockProcess } from '@spartera/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { denoBinary } from '../src/runtimes.js';
import type { Expected } from './helpers.js';
import {
  DEMO_API_KEY,
  DEMO_COMPANY_ID,
  consumerEnvironment,
  expectScenario,
  expectedFromMock,
  projectDir,
  resultOf,
  startProjectMock,
} from './helpers.js';

let mock: MockProcess;
let expected: Expected;
let host: string;

beforeAll(async () => {
  mock = await startProjectMock();
  expected = await expectedFromMock(mock.url);
  host = new URL(mock.url).host;
});

afterAll(async () => {
  expect(await mock.stop()).toBe(0);
});

const deno = (args: string[]) =>
  runCommand(denoBinary(), args, {
    cwd: projectDir(),
    env: consumerEnvironment(mock.url, { DENO_DIR: `${projectDir()}/.deno`, DENO_NO_UPDATE_CHECK: '1' }),
    timeoutMs: 600_000,
  });

const ENV_PERMISSION = '--allow-env=SPARTERA_API_KEY,SPARTERA_COMPANY_ID,SPARTERA_API_BASE_URL';

test('Deno: options from the environment, with --allow-net=<host> and --allow-env for the three variables', async () => {
  const run = await deno(['run', '--no-prompt', `--allow-net=${host}`, ENV_PERMISSION, 'esm.mjs']);
  expectScenario(resultOf(run, 'deno run esm.mjs'), expected);
});

test('Deno: options passed in code need --allow-net=<host> only', async () => {
  const run = await deno([
    'run',
    '--no-prompt',
    `--allow-net=${host}`,
    'deno-explicit.mjs',
    mock.url,
    DEMO_API_KEY,
    DEMO_COMPANY_ID,
  ]);
  expectScenario(resultOf(run, 'deno run deno-explicit.mjs'), expected);
});

test('Deno: without --allow-net the call is refused, not sent', async () => {
  const run = await deno([
    'run',
    '--no-prompt',
    'deno-explicit.mjs',
    mock.url,
    DEMO_API_KEY,
    DEMO_COMPANY_ID,
  ]);
  expect(run.code).not.toBe(0);
  expect(run.stderr).toMatch(/net access|NotCapable|PermissionDenied|Requires net access/i);
});

test('Deno: the TypeScript consumer type-checks (deno check) and runs', async () => {
  const check = await deno(['check', 'typed.ts']);
  expect(check.stderr).not.toMatch(/error/i);
  expect(check.code).toBe(0);
  const run = await deno(['run', '--no-prompt', `--allow-net=${host}`, ENV_PERMISSION, 'typed.ts']);
  expectScenario(resultOf(run, 'deno run typed.ts'), expected);
});
