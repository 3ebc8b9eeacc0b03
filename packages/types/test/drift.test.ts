import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
// The generator is the same script `pnpm generate` and `pnpm test` run.
import { findDrift, targets } from '../../../scripts/generate.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let copy: string;

beforeEach(async () => {
  copy = await mkdtemp(path.join(tmpdir(), 'spartera-drift-'));
  await cp(path.join(repoRoot, 'openapi'), path.join(copy, 'openapi'), { recursive: true });
  for (const { file } of Object.values(targets)) {
    await cp(path.join(repoRoot, file), path.join(copy, file));
  }
});

afterEach(async () => {
  await rm(copy, { recursive: true, force: true });
});

// Each test generates every target, which takes seconds on a busy machine: a hang detector, not a budget.
describe('generated code drift check', { timeout: 60_000 }, () => {
  test('the committed files match a fresh generation of the spec', async () => {
    expect(await findDrift(repoRoot)).toEqual([]);
  });

  test('a hand edit of the generated types is caught', async () => {
    const file = path.join(copy, targets.types.file);
    const source = await readFile(file, 'utf8');
    await writeFile(file, source.replace('connection_id: string;', 'connection_id: number;'));
    expect(await findDrift(copy)).toEqual([{ file: targets.types.file, missing: false }]);
  });

  test('a spec change without regeneration is caught for every target', async () => {
    const spec = path.join(copy, 'openapi/spartera.yaml');
    const source = await readFile(spec, 'utf8');
    // A field of ConnectionInput, which every target derives something from.
    await writeFile(spec, source.replaceAll('provider_domain', 'provider_host'));
    const drifted = (await findDrift(copy)).map((d) => d.file).sort();
    expect(drifted).toEqual(
      Object.values(targets)
        .map((t) => t.file)
        .sort(),
    );
  });

  test('a deleted generated file is reported as missing', async () => {
    await rm(path.join(copy, targets.document.file));
    expect(await findDrift(copy)).toEqual([{ file: targets.document.file, missing: true }]);
  });
});
