// The dual-package hazard: an app and a library that load the two builds of @spartera/client (one
// `import`s it, the other `require`s it) get two copies of every class. An error thrown by either
// build must still be recognised with `instanceof` by the classes of the other.
import { runCommand } from '@spartera/test-support';
import type { MockProcess } from '@spartera/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NODE_VERSIONS, nodeBinary } from '../src/runtimes.js';
import { consumerEnvironment, projectDir, reportedBy, startProjectMock } from './helpers.js';

interface CrossBuildResult {
  thrownBy: string;
  caughtBy: string;
  name: string;
  instanceofNotFoundError: boolean;
  instanceofAPIError: boolean;
  instanceofSparteraError: boolean;
}

let mock: MockProcess;

beforeAll(async () => {
  mock = await startProjectMock();
});

afterAll(async () => {
  expect(await mock.stop()).toBe(0);
});

describe.each(NODE_VERSIONS)(
  'Node.js %i, dual package: errors are instanceof across the ESM and CommonJS builds',
  (version) => {
    const run = async (file: string) =>
      reportedBy(
        await runCommand(nodeBinary(version), [file], {
          cwd: projectDir(),
          env: consumerEnvironment(mock.url),
          timeoutMs: 600_000,
        }),
        `node ${version} ${file}`,
      ) as CrossBuildResult;

    test('a NotFoundError thrown by the CommonJS build is caught by an ESM app with instanceof', async () => {
      const result = await run('dual/esm-app.mjs');
      // The two sides really run different builds.
      expect(result.thrownBy).toMatch(/dist\/index\.cjs$/);
      expect(result.caughtBy).toMatch(/dist\/index\.js$/);
      expect(result).toMatchObject({
        name: 'NotFoundError',
        instanceofNotFoundError: true,
        instanceofAPIError: true,
        instanceofSparteraError: true,
      });
    });

    test('a NotFoundError thrown by the ESM build is caught by a CommonJS app with instanceof', async () => {
      const result = await run('dual/cjs-app.cjs');
      expect(result.thrownBy).toMatch(/dist\/index\.js$/);
      expect(result.caughtBy).toMatch(/dist\/index\.cjs$/);
      expect(result).toMatchObject({
        name: 'NotFoundError',
        instanceofNotFoundError: true,
        instanceofAPIError: true,
        instanceofSparteraError: true,
      });
    });
  },
);
