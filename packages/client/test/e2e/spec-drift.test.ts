// The method types are read off the spec, so a change to a 200 body there changes them: proven by
// regenerating the types from an edited copy of the spec and type-checking this package's type
// tests against them. Unchanged, they pass; with the edit, the test of that method fails.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The generator is the same script `pnpm generate` runs.
import { renderTargets, targets } from '../../../../scripts/generate.mjs';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
let copy: string;
/** A full tsc run takes ~20 s alone and minutes on a loaded 2-core machine: only a hang should fail. */
const HANG_DETECTOR_MS = 600_000;

/** A copy of the spec, the types' sources, the client's sources and its type tests. */
beforeAll(async () => {
  copy = await mkdtemp(path.join(tmpdir(), 'spartera-method-types-'));
  for (const dir of ['openapi', 'packages/types/src', 'packages/client/src', 'packages/client/test/types']) {
    await cp(path.join(repoRoot, dir), path.join(copy, dir), { recursive: true });
  }
  await cp(path.join(repoRoot, 'tsconfig.base.json'), path.join(copy, 'tsconfig.base.json'));
  await writeFile(path.join(copy, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  await symlink(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  await mkdir(path.join(copy, 'packages/client/node_modules'), { recursive: true });
  for (const dependency of ['openapi-fetch', 'vitest']) {
    await symlink(
      path.join(repoRoot, 'packages/client/node_modules', dependency),
      path.join(copy, 'packages/client/node_modules', dependency),
      'dir',
    ).catch(() => undefined);
  }
  await writeFile(
    path.join(copy, 'tsconfig.json'),
    JSON.stringify({
      extends: './tsconfig.base.json',
      // The copied types, not the workspace's built ones.
      compilerOptions: { paths: { '@spartera/types': ['./packages/types/src/index.ts'] }, types: [] },
      files: ['packages/client/test/types/client.test-d.ts'],
    }),
  );
}, HANG_DETECTOR_MS);

afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

/** Regenerates the copy's types from its spec, then type-checks the client's type tests; tsc's output. */
async function regenerateAndTypeCheck(): Promise<{ passed: boolean; output: string }> {
  for (const { file, content } of await renderTargets(copy, 'types')) {
    await writeFile(path.join(copy, file), content);
  }
  try {
    await run(process.execPath, [tsc, '-p', path.join(copy, 'tsconfig.json')], { cwd: copy });
    return { passed: true, output: '' };
  } catch (error) {
    return { passed: false, output: String((error as { stdout?: string }).stdout) };
  }
}

describe('method types follow the spec', () => {
  it(
    'the type tests pass against types regenerated from the unchanged spec',
    async () => {
      expect(await regenerateAndTypeCheck()).toEqual({ passed: true, output: '' });
    },
    HANG_DETECTOR_MS,
  );

  it(
    'a changed 200 body of testConnection fails the type test of connections.test',
    async () => {
      const spec = path.join(copy, 'openapi/spartera.yaml');
      const source = await readFile(spec, 'utf8');
      // What the official SDKs declare for testConnection: the connection-list envelope.
      const edited = source.replace(
        "$ref: '#/components/schemas/ConnectionTestResponse'",
        "$ref: '#/components/schemas/ConnectionListResponse'",
      );
      expect(edited).not.toBe(source);
      await writeFile(spec, edited);
      const { passed, output } = await regenerateAndTypeCheck();
      expect(passed).toBe(false);
      const testLine = (
        await readFile(path.join(copy, 'packages/client/test/types/client.test-d.ts'), 'utf8')
      )
        .split('\n')
        .findIndex((line) => line.includes("expectTypeOf(c.test('x'))"));
      expect(output).toContain(`client.test-d.ts(${testLine + 1},`);
      // Only that method's test fails: every other type still matches the spec.
      expect(output.match(/error TS/g)).toHaveLength(1);
      expect(targets.types.file).toBe('packages/types/src/generated/openapi.ts');
    },
    HANG_DETECTOR_MS,
  );
});
