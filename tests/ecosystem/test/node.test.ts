// Node.js 20, 22 and 24, each running the packed client as an ES module, as CommonJS, and as strict
// TypeScript consumers type-checked with nodenext and with bundler resolution.
import { createRequire } from 'node:module';
import path from 'node:path';
import { runCommand } from '@spartera/test-support';
import type { MockProcess } from '@spartera/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NODE_VERSIONS, nodeBinary, suiteDir } from '../src/runtimes.js';
import type { Expected } from './helpers.js';
import {
  consumerEnvironment,
  expectScenario,
  expectedFromMock,
  projectDir,
  resultOf,
  startProjectMock,
} from './helpers.js';

// A hang detector: a whole tsc run over the packed declarations takes minutes on a busy machine.
const TIME_LIMIT_MS = 600_000;
let mock: MockProcess;
let expected: Expected;

beforeAll(async () => {
  mock = await startProjectMock();
  expected = await expectedFromMock(mock.url);
});

afterAll(async () => {
  expect(await mock.stop()).toBe(0);
});

/** The workspace's TypeScript, as a consumer project would have its own. */
function tscBinary(): string {
  const require = createRequire(path.join(suiteDir, 'package.json'));
  return require.resolve('typescript/bin/tsc');
}

// The two compilations run side by side: each is a whole tsc run over the packed declarations.
describe.concurrent('TypeScript consumers type-check against the packed declarations', () => {
  test.each(['nodenext', 'bundler'])(
    'moduleResolution %s (strict, exactOptionalPropertyTypes, skipLibCheck off)',
    async (resolution) => {
      const run = await runCommand(process.execPath, [tscBinary(), '-p', `tsconfig.${resolution}.json`], {
        cwd: projectDir(),
        timeoutMs: TIME_LIMIT_MS,
      });
      expect(`${run.stdout}${run.stderr}`.trim()).toBe('');
      expect(run.code).toBe(0);
    },
  );
});

describe.each(NODE_VERSIONS)('Node.js %i', (version) => {
  const node = (file: string) =>
    runCommand(nodeBinary(version), [file], {
      cwd: projectDir(),
      env: consumerEnvironment(mock.url),
      timeoutMs: TIME_LIMIT_MS,
    });

  test('reports the version it is', async () => {
    const run = await runCommand(nodeBinary(version), ['--version'], { timeoutMs: TIME_LIMIT_MS });
    expect(run.stdout).toMatch(new RegExp(`^v${version}\\.`));
  });

  test('ESM: import of the ESM build', async () => {
    const result = resultOf(await node('esm.mjs'), `node ${version} esm.mjs`);
    expect(result.build).toMatch(/@spartera\/client\/dist\/index\.js$/);
    expectScenario(result, expected);
  });

  test('CommonJS: require of the CommonJS build', async () => {
    const result = resultOf(await node('cjs.cjs'), `node ${version} cjs.cjs`);
    expect(result.build).toMatch(/@spartera\/client\/dist\/index\.cjs$/);
    expectScenario(result, expected);
  });

  test('TypeScript, nodenext, compiled to ESM', async () => {
    expectScenario(
      resultOf(await node('out/nodenext/typed.js'), `node ${version} typed.js (nodenext)`),
      expected,
    );
  });

  test('TypeScript, nodenext, a .cts file compiled to CommonJS', async () => {
    const result = resultOf(await node('out/nodenext/typed-cjs.cjs'), `node ${version} typed-cjs.cjs`);
    expect(result.listed).toEqual(expected.listed);
    expect(result.notFound).toEqual({ status: 404 });
    expect(result.walked).toEqual(expected.walked);
  });

  test('TypeScript, bundler resolution', async () => {
    expectScenario(
      resultOf(await node('out/bundler/typed.js'), `node ${version} typed.js (bundler)`),
      expected,
    );
  });
});
